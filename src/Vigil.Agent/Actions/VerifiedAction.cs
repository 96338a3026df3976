using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions;

/// <summary>An action whose signature, target, validity window and nonce were checked, with its parameters bound to its definition.</summary>
public sealed record VerifiedAction(ActionPayload Payload, ActionDefinition Definition, IReadOnlyDictionary<string, string> Parameters);

namespace Vigil.Agent.Actions;

/// <summary>Why the agent will not run an action: a stable code (<see cref="Vigil.Protocol.Actions.RefusalCodes"/>) and the reason.</summary>
public sealed record Refusal(string Code, string Reason);

using System.Text.Json.Nodes;

namespace Vigil.Agent.Actions;

/// <summary>
/// One action's implementation. Its contract (parameters, result schema, privileged or not) is its
/// <see cref="Vigil.Protocol.Actions.ActionDefinition"/>; the executor has already verified and bound the parameters.
/// An action bounds its own output (lines, bytes, entries) and returns an object shaped as its result schema says;
/// it throws <see cref="ActionRefusedException"/> to refuse and any other exception to fail.
/// </summary>
public interface IAgentAction
{
    string Name { get; }

    Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken);
}

using System.Text.Json.Nodes;

namespace Vigil.Agent.Actions;

/// <summary>An action that failed but has a result worth keeping (e.g. <c>rolled_back: true</c> and the diff it tried); the result travels with the failure.</summary>
public sealed class ActionFailedException(string code, string message, JsonObject output) : Exception(message)
{
    public string Code { get; } = code;
    public JsonObject Output { get; } = output;
}

namespace Vigil.Agent.Actions;

/// <summary>Thrown by an action that finds, once running, that it must not go on (a path outside the allowlist); reported as a refusal, not a failure.</summary>
public sealed class ActionRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

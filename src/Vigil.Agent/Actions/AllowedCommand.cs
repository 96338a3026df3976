namespace Vigil.Agent.Actions;

/// <summary>One entry of <c>actions.commands</c>: a name the server may ask for and the exact argv it runs (no shell).</summary>
public sealed record AllowedCommand(string Name, IReadOnlyList<string> Argv, TimeSpan Timeout);

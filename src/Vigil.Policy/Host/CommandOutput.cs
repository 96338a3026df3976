namespace Vigil.Policy.Host;

/// <summary>What running a command gave: its stdout and stderr together (trailing newlines trimmed), or why it did not run.</summary>
/// <param name="Problem">Null when it ran to completion; otherwise "not in the allowlist", "timed out after 10s", or the start failure.</param>
/// <param name="Disallowed">True when the allowlist refused it (nothing was started).</param>
public sealed record CommandOutput(string? Output, int ExitCode, string? Problem, bool Disallowed = false, bool TimedOut = false);

namespace Vigil.Policy.Host;

/// <summary>
/// The commands this host lets policies run, decided locally (agent configuration or the command line), never by a
/// policy. A rule names a command line; it runs only when that exact line is listed here, split on spaces into
/// arguments with no shell, so a policy cannot add arguments, pipes or redirections.
/// </summary>
public sealed record CommandAllowlist(IReadOnlyList<string> CommandLines, TimeSpan Timeout)
{
    public static CommandAllowlist Empty { get; } = new([], TimeSpan.FromSeconds(10));

    public bool Allows(string commandLine) => CommandLines.Contains(Normalise(commandLine), StringComparer.Ordinal);

    /// <summary>Collapses runs of spaces so "sshd  -T" and "sshd -T" are the same command.</summary>
    public static string Normalise(string commandLine) =>
        string.Join(' ', commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>An allowlist of the given lines, normalised.</summary>
    public static CommandAllowlist Of(IEnumerable<string> lines, TimeSpan timeout) =>
        new(lines.Select(Normalise).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList(), timeout);
}

namespace Vigil.Cli.Client;

/// <summary>A failure to report to the user in one line, with exit code 1 (no stack trace).</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

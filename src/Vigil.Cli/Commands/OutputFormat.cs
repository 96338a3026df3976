namespace Vigil.Cli.Commands;

/// <summary>How a command prints: a readable table for people, JSON for programs.</summary>
public enum OutputFormat
{
    Table,
    Json,
}

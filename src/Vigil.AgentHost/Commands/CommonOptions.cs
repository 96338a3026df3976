using System.CommandLine;

namespace Vigil.AgentHost.Commands;

/// <summary>Options several commands share, defined once.</summary>
public static class CommonOptions
{
    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = $"Agent configuration file (default {Vigil.Agent.Configuration.AgentOptions.DefaultPath}; absent means all defaults)",
    };

    public static Option<OutputFormat> Format() => new("--format", "-f")
    {
        Description = "Output format: table or json",
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}

using System.CommandLine;

namespace Vigil.AgentHost.Commands;

/// <summary>The <c>vigil-agent</c> command tree: one line per command.</summary>
public static class AgentCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("vigil-agent: collects host telemetry, spools it durably and ships it to a Vigil server.");
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(EnrollCommand.Build());
        root.Subcommands.Add(ConfigCommand.Build());
        root.Subcommands.Add(CollectorsCommand.Build());
        root.Subcommands.Add(DetectCommand.Build());
        root.Subcommands.Add(CheckCommand.Build());
        root.Subcommands.Add(CollectCommand.Build());
        return root;
    }
}

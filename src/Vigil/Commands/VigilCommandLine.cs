using System.CommandLine;
using Vigil.Cli.Commands.Compliance;
using Vigil.Cli.Commands.Store;

namespace Vigil.Cli.Commands;

/// <summary>Every <c>vigil</c> command, registered here once, <c>noun verb</c> style.</summary>
public static class VigilCommandLine
{
    public static RootCommand Build(TimeProvider time)
    {
        var root = new RootCommand("Vigil: the server (vigil server, vigil dev) and the operator CLI")
        {
            ServerCommand.Build(time),
            DevCommand.Build(time),
            HostsCommand.Build(time),
            HostCommand.Build(time),
            MetricsCommand.Build(),
            EventsCommand.Build(time),
            AnomaliesCommand.Build(time),
            TokenCommands.Build(time),
            ApiTokenCommands.Build(time),
            AgentCommands.Build(),
            CaCommands.Build(),
            StoreCommands.Build(time),
            ActionCommands.Build(time),
            AuditCommands.Build(time),
            ComplianceCommands.Build(time),
            Bundles.BundleCommands.Build(time),
        };
        return root;
    }
}

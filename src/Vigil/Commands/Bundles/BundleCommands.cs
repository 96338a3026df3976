using System.CommandLine;

namespace Vigil.Cli.Commands.Bundles;

/// <summary><c>vigil bundles</c>: the diagnostic bundles agents uploaded, kept once in the server's store.</summary>
public static class BundleCommands
{
    public static Command Build(TimeProvider time)
    {
        var bundles = new Command("bundles", "Diagnostic bundles the agents uploaded: list, show, download, diff, deduplication statistics, retention");
        bundles.Subcommands.Add(BundleLsCommand.Build(time));
        bundles.Subcommands.Add(BundleShowCommand.Build(time));
        bundles.Subcommands.Add(BundleGetCommand.Build());
        bundles.Subcommands.Add(BundleDiffCommand.Build());
        bundles.Subcommands.Add(BundleStatsCommand.Build(time));
        bundles.Subcommands.Add(BundlePruneCommand.Build());
        return bundles;
    }
}

using System.CommandLine;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store</c> (and <c>vigil-store</c>): the single-instance store, run directly on its folder.</summary>
public static class StoreCommands
{
    public static Command Build(TimeProvider time)
    {
        var store = new Command("store", Description);
        foreach (var command in Subcommands(time))
        {
            store.Subcommands.Add(command);
        }
        return store;
    }

    public const string Description = "The single-instance store: every file kept once, in content-defined chunks addressed by SHA-256";

    /// <summary>The store's commands, as <c>vigil store VERB</c> and as <c>vigil-store VERB</c>.</summary>
    public static IEnumerable<Command> Subcommands(TimeProvider time) =>
    [
        StoreAddCommand.Build(time),
        StoreLsCommand.Build(time),
        StoreRestoreCommand.Build(time),
        StoreDiffCommand.Build(time),
        StoreGcCommand.Build(time),
        StoreVerifyCommand.Build(time),
        StoreRepairCommand.Build(time),
        StoreStatsCommand.Build(time),
    ];
}

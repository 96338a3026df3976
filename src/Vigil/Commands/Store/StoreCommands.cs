using System.CommandLine;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store</c>: the single-instance store, run directly on its folder.</summary>
public static class StoreCommands
{
    public static Command Build(TimeProvider time)
    {
        var store = new Command("store", "The single-instance store: every file kept once, in content-defined chunks addressed by SHA-256");
        store.Subcommands.Add(StoreAddCommand.Build(time));
        store.Subcommands.Add(StoreLsCommand.Build(time));
        store.Subcommands.Add(StoreRestoreCommand.Build(time));
        store.Subcommands.Add(StoreDiffCommand.Build(time));
        store.Subcommands.Add(StoreGcCommand.Build(time));
        store.Subcommands.Add(StoreVerifyCommand.Build(time));
        store.Subcommands.Add(StoreRepairCommand.Build(time));
        store.Subcommands.Add(StoreStatsCommand.Build(time));
        return store;
    }
}

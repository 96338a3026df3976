using System.CommandLine;
using Vigil.Cli;
using Vigil.Cli.Commands.Store;

var root = new RootCommand("vigil-store: " + StoreCommands.Description + ". The same commands as `vigil store`, as one native binary.");
foreach (var command in StoreCommands.Subcommands(TimeProvider.System))
{
    root.Subcommands.Add(command);
}
return await CliProgram.RunAsync("vigil-store", root, args).ConfigureAwait(false);

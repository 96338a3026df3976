using Vigil.Cli;
using Vigil.Cli.Commands;

return await CliProgram.RunAsync("vigil", VigilCommandLine.Build(TimeProvider.System), args).ConfigureAwait(false);

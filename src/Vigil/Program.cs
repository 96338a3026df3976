using System.CommandLine;
using Vigil.Cli.Client;
using Vigil.Cli.Commands;

try
{
    var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
    return await VigilCommandLine.Build(TimeProvider.System).Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync("vigil: " + e.Message).ConfigureAwait(false);
    return e.ExitCode;
}

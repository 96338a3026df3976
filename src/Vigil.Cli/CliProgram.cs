using System.CommandLine;
using Vigil.Cli.Client;

namespace Vigil.Cli;

/// <summary>The entry point both executables share: run the command line, and turn a <see cref="CliException"/> into one line.</summary>
public static class CliProgram
{
    public static async Task<int> RunAsync(string name, RootCommand root, string[] args)
    {
        try
        {
            var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
            return await root.Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(name + ": " + e.Message).ConfigureAwait(false);
            return e.ExitCode;
        }
    }
}

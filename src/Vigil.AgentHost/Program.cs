using System.CommandLine;
using Vigil.AgentHost.Commands;

// Signals are handled by the commands that run long (run drains the spool on SIGTERM), not by the parser.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await AgentCommandLine.Build().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);

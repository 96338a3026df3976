using Vigil.AgentHost.Commands;

return await AgentCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);

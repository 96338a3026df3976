using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vigil.Agent;
using Vigil.Agent.Configuration;
using Vigil.Agent.Shipping;
using Vigil.Agent.Spool;

namespace Vigil.AgentHost.Commands;

/// <summary>Process wiring for <c>vigil-agent run</c>: state directory, spool, shipper, signals and systemd.</summary>
public static partial class Daemon
{
    public static async Task<int> RunAsync(AgentOptions options)
    {
        var time = TimeProvider.System;
        var logger = new StderrLogger("vigil-agent", LogLevel.Information, time);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var systemd = new SystemdNotifier();

        DiskSpool spool;
        string agentId;
        try
        {
            AgentIdentity.EnsureStateDirectory(options.StateDirectory);
            agentId = AgentIdentity.Resolve(options.AgentId, options.StateDirectory);
            spool = DiskSpool.Open(options.Spool.Directory ?? Path.Combine(options.StateDirectory, "spool"), options.Spool, time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogStateDirectoryUnusable(logger, options.StateDirectory, e.Message);
            return 1;
        }

        using (spool)
        {
            LogStarting(logger, agentId, options.Output.Kind);
            using var shipper = CreateShipper(options.Output);
            var agent = VigilAgent.Create(options, time);
            var lastPing = DateTimeOffset.MinValue;
            using var runtime = new AgentRuntime(agent, spool, shipper, agentId, logger)
            {
                Heartbeat = () =>
                {
                    if (systemd.WatchdogInterval is { } every && time.GetUtcNow() - lastPing >= every)
                    {
                        systemd.WatchdogPing();
                        lastPing = time.GetUtcNow();
                    }
                },
            };
            systemd.Ready($"collecting with {agent.Scheduler.Collectors.Count} collectors; output {shipper?.Destination ?? "spool only"}");
            await runtime.RunAsync(stop.Token).ConfigureAwait(false);
            systemd.Stopping();
        }
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // drain and exit on our own terms
            stop.Cancel();
        }
    }

    private static NdjsonShipper? CreateShipper(OutputOptions output) => output.Kind switch
    {
        OutputKind.Stdout => NdjsonShipper.ToStandardOutput(),
        OutputKind.File => NdjsonShipper.ToFile(output.Path!),
        _ => null,
    };

    [LoggerMessage(EventId = 100, Level = LogLevel.Critical, Message = "cannot use state directory {Directory}: {Problem}")]
    private static partial void LogStateDirectoryUnusable(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "agent {AgentId} starting; output {Output}")]
    private static partial void LogStarting(ILogger logger, string agentId, OutputKind output);
}

using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vigil.Agent;
using Vigil.Agent.Actions;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Agent.Pipeline;
using Vigil.Agent.Shipping;
using Vigil.Agent.Spool;
using Vigil.AgentHost.Compliance;

namespace Vigil.AgentHost.Commands;

/// <summary>Process wiring for <c>vigil-agent run</c>: state directory, spool, shipper, signals and systemd.</summary>
public static partial class Daemon
{
    public static async Task<int> RunAsync(AgentOptions options, string configPath)
    {
        var time = TimeProvider.System;
        var logger = new StderrLogger("vigil-agent", LogLevel.Information, time);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var systemd = new SystemdNotifier();

        DiskSpool spool;
        string agentId;
        ClientIdentity? identity;
        EnvironmentProxy? proxy;
        var store = IdentityStore.InStateDirectory(options.StateDirectory);
        try
        {
            AgentIdentity.EnsureStateDirectory(options.StateDirectory);
            identity = store.Load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogStateDirectoryUnusable(logger, options.StateDirectory, e.Message);
            return 1;
        }
        catch (InvalidDataException e)
        {
            LogIdentityUnusable(logger, e.Message);
            return 1;
        }
        // Only the server shipper needs the key and certificates; it owns them from here on.
        var enrolledId = identity?.Enrollment.AgentId;
        if (options.Output.Kind != OutputKind.Server)
        {
            identity?.Dispose();
            identity = null;
        }
        using (identity)
        {
            if (identity is null && options.Output.Kind == OutputKind.Server)
            {
                LogNotEnrolled(logger, store.Directory);
                return 1;
            }
            if (enrolledId is not null && options.AgentId is { Length: > 0 } configured && configured != enrolledId)
            {
                LogAgentIdConflict(logger, configured, enrolledId);
                return 2;
            }
            try
            {
                proxy = EnvironmentProxy.From(Environment.GetEnvironmentVariable);
            }
            catch (FormatException e)
            {
                LogBadProxy(logger, e.Message);
                return 2;
            }
            try
            {
                // An enrolled agent is known by the id the server gave it, whatever it ships to.
                agentId = enrolledId ?? AgentIdentity.Resolve(options.AgentId, options.StateDirectory);
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
                var agent = VigilAgent.Create(options, time);
                using var shipper = CreateShipper(options, store, identity, proxy, agent, logger);
                var lastPing = DateTimeOffset.MinValue;
                var inbox = new RecordInbox();
                using var compliance = ComplianceWiring.Create(agent, inbox, logger);
                using var runtime = new AgentRuntime(agent, spool, shipper as IBatchShipper, agentId, logger)
                {
                    Inbox = inbox,
                    Compliance = compliance,
                    Heartbeat = () =>
                    {
                        if (systemd.WatchdogInterval is { } every && time.GetUtcNow() - lastPing >= every)
                        {
                            systemd.WatchdogPing();
                            lastPing = time.GetUtcNow();
                        }
                    },
                };
                // Remote actions ride their own long poll over the same identity; the host's agent.yaml decides what runs.
                var actions = options.Output.Kind == OutputKind.Server && options.Actions.Enabled
                    ? new ActionChannel(store, options, configPath, proxy, time, Random.Shared, logger) { Compliance = compliance }.RunAsync(stop.Token)
                    : Task.CompletedTask;
                systemd.Ready($"collecting with {agent.Scheduler.Collectors.Count} collectors; output {(shipper as IBatchShipper)?.Destination ?? "spool only"}");
                await runtime.RunAsync(stop.Token).ConfigureAwait(false);
                stop.Cancel();
                await actions.ConfigureAwait(false);
                systemd.Stopping();
            }
        }
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // drain and exit on our own terms
            stop.Cancel();
        }
    }

    /// <summary>The configured output. The server shipper disposes the identity it is given, and the daemon's <c>using</c> does too: disposing twice is harmless.</summary>
    private static IDisposable? CreateShipper(AgentOptions options, IdentityStore store, ClientIdentity? identity, EnvironmentProxy? proxy, VigilAgent agent, ILogger logger) => options.Output.Kind switch
    {
        OutputKind.Stdout => NdjsonShipper.ToStandardOutput(),
        OutputKind.File => NdjsonShipper.ToFile(options.Output.Path!),
        OutputKind.Server => new HttpsShipper(store, identity!, options.Server, proxy, agent.Health, agent.Status, agent.Time, logger),
        _ => null,
    };

    [LoggerMessage(EventId = 100, Level = LogLevel.Critical, Message = "cannot use state directory {Directory}: {Problem}")]
    private static partial void LogStateDirectoryUnusable(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "agent {AgentId} starting; output {Output}")]
    private static partial void LogStarting(ILogger logger, string agentId, OutputKind output);

    [LoggerMessage(EventId = 102, Level = LogLevel.Critical, Message = "not enrolled: run vigil-agent enroll --server URL --token TOKEN --ca-pin sha256:HEX first (output.kind is server and {Directory} holds no identity)")]
    private static partial void LogNotEnrolled(ILogger logger, string directory);

    [LoggerMessage(EventId = 103, Level = LogLevel.Critical, Message = "agent_id {Configured} in the configuration is not the enrolled id {Enrolled}; remove agent_id (an enrolled agent uses the id the server gave it)")]
    private static partial void LogAgentIdConflict(ILogger logger, string configured, string enrolled);

    [LoggerMessage(EventId = 105, Level = LogLevel.Critical, Message = "the enrolled identity is unusable: {Problem}")]
    private static partial void LogIdentityUnusable(ILogger logger, string problem);

    [LoggerMessage(EventId = 104, Level = LogLevel.Critical, Message = "{Problem}")]
    private static partial void LogBadProxy(ILogger logger, string problem);
}

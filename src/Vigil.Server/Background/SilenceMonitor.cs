using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Events;
using Vigil.Server.Live;
using Vigil.Server.Storage;

namespace Vigil.Server.Background;

/// <summary>Marks hosts that stopped reporting as silent (after <see cref="ServerOptions.SilentAfterIntervals"/> intervals) and records one event each.</summary>
public sealed partial class SilenceMonitor(IServerStore store, ServerOptions options, LiveFeed live, TimeProvider time, ILogger<SilenceMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SilenceCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var now = time.GetUtcNow();
                var silent = await store.Agents.MarkSilentAsync(now, options.SilentAfterIntervals, stoppingToken).ConfigureAwait(false);
                if (silent.Count == 0)
                {
                    continue;
                }
                var events = silent.Select(a => EventFactory.ForAgent($"{a.Id}:silent:{a.LastSequence}", EventTypes.HostSilent, a.Id, a.Id, now,
                    new { hostname = a.Hostname, last_seen = a.LastSeenAt, interval_ms = a.IntervalMs })).ToList();
                await store.Events.AppendAsync(events, stoppingToken).ConfigureAwait(false);
                foreach (var e in events)
                {
                    live.Publish(LiveEvents.Of(e));
                    LogSilent(e.AgentId!);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Host {AgentId} went silent")]
    private partial void LogSilent(string agentId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Silence check failed")]
    private partial void LogFailed(Exception exception);
}

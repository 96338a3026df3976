using Vigil.Agent.Collectors;
using Vigil.Agent.Configuration;
using Vigil.Agent.Detection;
using Vigil.Agent.Health;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent;

/// <summary>
/// The agent assembled from its options: enabled collectors on a scheduler, the record pipeline, health and the
/// watchdog. The executable adds the spool, the shipper and process concerns (signals, systemd).
/// </summary>
public sealed class VigilAgent
{
    private VigilAgent(AgentOptions options, TimeProvider time, SelfUsage usage)
    {
        Options = options;
        Time = time;
        Health = new HealthTracker(time);
        var paths = new HostPaths(options.HostRoot);
        var scheduled = new List<ScheduledCollector>();
        foreach (var collector in KnownCollectors.Create(options, Status, usage))
        {
            var settings = options.Collectors.For(collector.Name);
            if (!settings.Enabled)
            {
                continue;
            }
            var interval = settings.Interval ?? (collector.Defaults.Interval == CollectorDefaults.Core.Interval ? options.Interval : collector.Defaults.Interval);
            scheduled.Add(new ScheduledCollector(
                new CollectorInstance(collector, paths, time, options.Pipeline.MaxSeriesPerCollector),
                interval,
                settings.Budget ?? collector.Defaults.Budget,
                collector.Defaults.Optional));
        }
        Scheduler = new CollectorScheduler(scheduled, time, Health, Status);
        AnomalyWatch? anomalies = null;
        if (options.Detection.Enabled)
        {
            anomalies = new AnomalyWatch(options.Detection, Health, Path.Combine(options.StateDirectory, AnomalyWatch.StateFileName));
            anomalies.Load();
        }
        Pipeline = new RecordPipeline(options.Pipeline, Health, Status, anomalies);
        Watchdog = new Watchdog(options.Limits, usage, time, Health);
    }

    public AgentOptions Options { get; }
    public TimeProvider Time { get; }
    public AgentStatus Status { get; } = new();
    public HealthTracker Health { get; }
    public CollectorScheduler Scheduler { get; }
    public RecordPipeline Pipeline { get; }
    public Watchdog Watchdog { get; }

    public static VigilAgent Create(AgentOptions options, TimeProvider? time = null, SelfUsage? usage = null) =>
        new(options, time ?? TimeProvider.System, usage ?? new SelfUsage());

    /// <summary>
    /// One complete snapshot: every collector runs, then runs again after <paramref name="settle"/> so rates and
    /// utilization have an interval to be computed over. Returns the second pass, inventory included.
    /// </summary>
    public async Task<List<Record>> CollectSnapshotAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        _ = Pipeline.Process(await Scheduler.RunDueAsync(cancellationToken, all: true).ConfigureAwait(false));
        await Task.Delay(settle, Time, cancellationToken).ConfigureAwait(false);
        return Pipeline.Process(await Scheduler.RunDueAsync(cancellationToken, all: true).ConfigureAwait(false), gateInventory: false);
    }

    /// <summary>Runs the collectors that are due and the watchdog; returns the records for the next batch.</summary>
    public async Task<List<Record>> CollectDueAsync(CancellationToken cancellationToken)
    {
        var results = await Scheduler.RunDueAsync(cancellationToken).ConfigureAwait(false);
        Status.ShedCollectors = Watchdog.Check(Scheduler.Collectors);
        var records = Pipeline.Process(results);
        Pipeline.Anomalies?.SaveIfDue(Time.GetUtcNow());
        return records;
    }
}

using Vigil.Agent.Health;
using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Agent;

/// <summary>The agent's own cost and condition: CPU, memory, spool depth and drops, collector errors and durations.</summary>
public sealed class AgentCollector : ICollector
{
    public const string CollectorName = "agent";
    private const string CpuTime = "vigil.agent.cpu.time";
    private const string Rss = "vigil.agent.memory.rss";
    private const string Heap = "vigil.agent.memory.heap";
    private const string SpoolPending = "vigil.agent.spool.pending";
    private const string SpoolPendingBytes = "vigil.agent.spool.pending_bytes";
    private const string SpoolDropped = "vigil.agent.spool.dropped";
    private const string SpoolCorrupt = "vigil.agent.spool.corrupt_segments";
    private const string BatchesSealed = "vigil.agent.batches.sealed";
    private const string BytesSealed = "vigil.agent.batches.bytes";
    private const string BatchesShipped = "vigil.agent.batches.shipped";
    private const string BatchesRejected = "vigil.agent.batches.rejected";
    private const string CollectorErrors = "vigil.agent.collector.errors";
    private const string CollectorDuration = "vigil.agent.collector.duration";
    private const string Redactions = "vigil.agent.redactions";
    private const string SeriesDropped = "vigil.agent.series.dropped";
    private const string Shed = "vigil.agent.collectors.shed";

    private readonly AgentStatus _status;
    private readonly SelfUsage _usage;
    private readonly TagCache<string> _tags = new(collector => Tags.Of("collector", collector));

    public AgentCollector(AgentStatus status, SelfUsage usage)
    {
        _status = status;
        _usage = usage;
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Counter(CpuTime, "s", "CPU time (user + system) the agent has used since it started."),
            MetricDescriptor.Gauge(Rss, "By", "The agent's resident memory."),
            MetricDescriptor.Gauge(Heap, "By", "Bytes in the agent's managed heap, live or not yet collected."),
            MetricDescriptor.Gauge(SpoolPending, "{batch}", "Batches in the spool not yet acknowledged."),
            MetricDescriptor.Gauge(SpoolPendingBytes, "By", "Bytes of batches in the spool not yet acknowledged."),
            MetricDescriptor.Counter(SpoolDropped, "{batch}", "Batches dropped unsent because the spool was full (oldest first)."),
            MetricDescriptor.Counter(SpoolCorrupt, "{segment}", "Damaged spool segments set aside at start-up."),
            MetricDescriptor.Counter(BatchesSealed, "{batch}", "Batches sealed into the spool."),
            MetricDescriptor.Counter(BytesSealed, "By", "Bytes of batches sealed into the spool; its rate is the agent's output bandwidth."),
            MetricDescriptor.Counter(BatchesShipped, "{batch}", "Batches the destination acknowledged."),
            MetricDescriptor.Counter(BatchesRejected, "{batch}", "Batches the server refused for good (malformed, too large, out of order) and the agent dropped."),
            MetricDescriptor.Counter(CollectorErrors, "{error}", "Collector runs that failed.", "collector"),
            MetricDescriptor.Gauge(CollectorDuration, "s", "Wall-clock time of the collector's last run.", "collector"),
            MetricDescriptor.Counter(Redactions, "{redaction}", "Secrets replaced by [REDACTED] before spooling."),
            MetricDescriptor.Counter(SeriesDropped, "{series}", "Series dropped by the per-collector cardinality limit."),
            MetricDescriptor.Gauge(Shed, "{collector}", "Optional collectors the watchdog has paused to stay within limits."),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var o = context.Output;
        o.Counter(CpuTime, _usage.CpuTime().TotalSeconds);
        o.Gauge(Rss, _usage.ResidentBytes());
        o.Gauge(Heap, GC.GetTotalMemory(forceFullCollection: false));
        o.Gauge(SpoolPending, _status.SpoolPendingBatches);
        o.Gauge(SpoolPendingBytes, _status.SpoolPendingBytes);
        o.Counter(SpoolDropped, _status.SpoolDroppedBatches);
        o.Counter(SpoolCorrupt, _status.SpoolCorruptSegments);
        o.Counter(BatchesSealed, _status.BatchesSealed);
        o.Counter(BytesSealed, _status.BytesSealed);
        o.Counter(BatchesShipped, _status.BatchesShipped);
        o.Counter(BatchesRejected, _status.BatchesRejected);
        o.Counter(Redactions, _status.Redactions);
        o.Counter(SeriesDropped, _status.DroppedSeries);
        o.Gauge(Shed, _status.ShedCollectors);
        foreach (var (name, collector) in _status.Collectors)
        {
            var tags = _tags.For(name);
            o.Counter(CollectorErrors, collector.Errors, tags);
            o.Gauge(CollectorDuration, collector.LastDurationSeconds, tags);
        }
        return ValueTask.CompletedTask;
    }
}

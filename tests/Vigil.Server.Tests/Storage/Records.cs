using Vigil.Protocol;
using Vigil.Server.Storage;
using Record = Vigil.Protocol.Record;

namespace Vigil.Server.Tests.Storage;

/// <summary>Builders for the wire records and batches tests commit.</summary>
internal static class Records
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static long Ms(TimeSpan offset) => (T0 + offset).ToUnixTimeMilliseconds();

    public static Metric Gauge(string name, double value, params string[] attributes) =>
        new() { Name = name, Unit = "1", Kind = MetricKind.Gauge, Value = value, Attributes = Attributes(attributes) };

    public static Metric Counter(string name, double value, double? rate, params string[] attributes) =>
        new() { Name = name, Unit = "By", Kind = MetricKind.Counter, Value = value, Rate = rate, Attributes = Attributes(attributes) };

    public static MetricsRecord Samples(TimeSpan at, params Metric[] metrics) =>
        new() { Source = "test", TimestampUnixMs = Ms(at), Metrics = metrics };

    public static InventoryRecord Inventory(TimeSpan at, string kind, params (string Key, string Version)[] items) => new()
    {
        Source = "packages",
        TimestampUnixMs = Ms(at),
        Kind = kind,
        Items = [.. items.Select(i => new InventoryItem { Key = i.Key, Attributes = new Dictionary<string, string> { ["version"] = i.Version } })],
    };

    public static IdentityRecord Identity(TimeSpan at, string hostname = "web-1", string kernel = "6.1.0") => new()
    {
        Source = "identity",
        TimestampUnixMs = Ms(at),
        Hostname = hostname,
        MachineId = "m-1",
        KernelRelease = kernel,
        OsId = "debian",
        LogicalCpus = 2,
        MemoryBytes = 1L << 30,
        UptimeSeconds = at.TotalSeconds,
    };

    public static HealthRecord Health(TimeSpan at, string source, HealthStatus status, string reason = "test") =>
        new() { Source = source, TimestampUnixMs = Ms(at), Status = status, Reason = reason, Message = reason + " message" };

    public static AnomalyRecord Anomaly(TimeSpan at, string id, AnomalyState state, TimeSpan since, double score = 0.99, string metric = "system.cpu.utilization",
        double observed = 0.97, string detector = "level") => new()
        {
            Source = "detect",
            TimestampUnixMs = Ms(at),
            Id = id,
            State = state,
            Metric = metric,
            Attributes = new Dictionary<string, string> { ["cpu.mode"] = "user" },
            SinceUnixMs = Ms(since),
            Observed = observed,
            ExpectedLow = 0.05,
            ExpectedHigh = 0.30,
            Score = score,
            Detectors = [detector],
            Message = $"{metric} {{cpu.mode=user}} {state}: observed {observed}, expected 0.05-0.30 ({detector})",
        };

    public static IngestBatch Batch(string agentId, long sequence, params Record[] records) => new()
    {
        AgentId = agentId,
        ReceivedAt = T0 + TimeSpan.FromSeconds(10 * sequence),
        WireBytes = 100,
        Batch = new Batch
        {
            AgentId = agentId,
            Sequence = sequence,
            CreatedUnixMs = Ms(TimeSpan.FromSeconds(10 * sequence)),
            IntervalMs = 10_000,
            Records = records,
        },
    };

    private static Dictionary<string, string>? Attributes(string[] pairs) =>
        pairs.Length == 0 ? null : pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
}

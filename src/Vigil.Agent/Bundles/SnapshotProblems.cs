using System.Globalization;
using Vigil.Protocol;
using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Bundles;

/// <summary>
/// The headline problems a collectors snapshot shows: collectors that failed, filesystems over 90% full, memory
/// running out or under pressure, OOM kills since boot, and a clock the kernel says is not synchronised.
/// </summary>
public static class SnapshotProblems
{
    public const double DiskWarning = 0.90;
    public const double DiskCritical = 0.95;
    /// <summary>MemAvailable below this share of MemTotal is memory pressure.</summary>
    public const double MemoryAvailableLow = 0.10;
    /// <summary>Tasks stalled on memory for this share of the last 60 s (PSI <c>some</c>) is memory pressure.</summary>
    public const double MemoryStallHigh = 0.10;

    public static List<BundleProblem> Find(IReadOnlyList<Record> records, IEnumerable<(string Component, string Concern, HealthStatus Status, string Reason)> health)
    {
        var problems = new List<BundleProblem>();
        foreach (var h in health.Where(h => h.Status == HealthStatus.Failed).OrderBy(h => h.Component, StringComparer.Ordinal))
        {
            problems.Add(Problem("warning", $"collector {h.Component} failed ({h.Reason}, {h.Concern})", $"collectors/{h.Component}.json"));
        }
        var metrics = records.OfType<MetricsRecord>().SelectMany(r => r.Metrics.Select(m => (r.Source, Metric: m))).ToList();
        foreach (var (source, m) in metrics.Where(x => x.Metric.Name == "system.filesystem.utilization" && x.Metric.Value >= DiskWarning))
        {
            var mount = m.Attributes?.GetValueOrDefault("system.filesystem.mountpoint") ?? "?";
            problems.Add(Problem(m.Value >= DiskCritical ? "critical" : "warning", $"filesystem {mount} is {Percent(m.Value)} full", $"collectors/{source}.json"));
        }
        var limit = Value(metrics, "system.memory.limit");
        var available = Value(metrics, "system.linux.memory.available");
        if (limit > 0 && available is { } free && free / limit < MemoryAvailableLow)
        {
            problems.Add(Problem("critical", $"memory nearly exhausted: {Percent(free / limit.Value)} available", "collectors/memory.json"));
        }
        var stall = metrics.FirstOrDefault(x => x.Metric.Name == "system.linux.pressure.average" && Attr(x.Metric, "pressure.resource") == "memory"
            && Attr(x.Metric, "pressure.scope") == "some" && Attr(x.Metric, "pressure.window") == "60s");
        if (stall.Metric is { } s && s.Value >= MemoryStallHigh)
        {
            problems.Add(Problem("warning", $"memory pressure: tasks stalled on memory {Percent(s.Value)} of the last minute", $"collectors/{stall.Source}.json"));
        }
        if (Value(metrics, "system.linux.memory.oom_kills") is double kills && kills > 0)
        {
            problems.Add(Problem("warning", $"the OOM killer has killed {kills.ToString(CultureInfo.InvariantCulture)} process(es) since boot", "collectors/memory.json"));
        }
        foreach (var identity in records.OfType<IdentityRecord>().Where(i => i.TimeSync == "unsynchronized").Take(1))
        {
            problems.Add(Problem("warning", "the clock is not synchronised (the kernel reports it unsynchronized)", $"collectors/{identity.Source}.json"));
        }
        return problems;
    }

    private static double? Value(List<(string Source, Metric Metric)> metrics, string name) =>
        metrics.Where(x => x.Metric.Name == name).Select(x => (double?)x.Metric.Value).FirstOrDefault();

    private static string? Attr(Metric m, string key) => m.Attributes?.GetValueOrDefault(key);

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static BundleProblem Problem(string severity, string summary, string file) => new() { Severity = severity, Summary = summary, File = file };
}

using System.Diagnostics;

namespace Vigil.Server.Observability;

/// <summary>
/// The server's own counters, exposed at /metrics in Prometheus text format. Kept by hand (a dozen numbers updated
/// with Interlocked) because the OpenTelemetry Prometheus exporter for ASP.NET Core is still pre-release.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly double[] LatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private readonly long[] _commitBuckets = new long[LatencyBounds.Length + 1];
    private long _commitCount;
    private long _commitMicros;
    private long _stored, _duplicate, _outOfOrder, _refused, _rejected;
    private long _wireBytes, _records, _samples, _enrollments, _renewals;
    private long _anomaliesOpened, _anomaliesClosed;

    public void BatchStored(int wireBytes, int records, int samples, TimeSpan latency)
    {
        Interlocked.Increment(ref _stored);
        Interlocked.Add(ref _wireBytes, wireBytes);
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _samples, samples);
        Observe(latency);
    }

    /// <summary>Anomaly records in a stored batch, by the transition they report.</summary>
    public void AnomalyRecordsStored(int opened, int closed)
    {
        Interlocked.Add(ref _anomaliesOpened, opened);
        Interlocked.Add(ref _anomaliesClosed, closed);
    }

    public void BatchDuplicate() => Interlocked.Increment(ref _duplicate);
    public void BatchOutOfOrder() => Interlocked.Increment(ref _outOfOrder);
    public void BatchRefused() => Interlocked.Increment(ref _refused);
    public void BatchRejected() => Interlocked.Increment(ref _rejected);
    public void Enrolled() => Interlocked.Increment(ref _enrollments);
    public void Renewed() => Interlocked.Increment(ref _renewals);

    private void Observe(TimeSpan latency)
    {
        var seconds = latency.TotalSeconds;
        var bucket = Array.FindIndex(LatencyBounds, b => seconds <= b);
        Interlocked.Increment(ref _commitBuckets[bucket < 0 ? LatencyBounds.Length : bucket]);
        Interlocked.Increment(ref _commitCount);
        Interlocked.Add(ref _commitMicros, (long)(seconds * 1_000_000));
    }

    /// <summary>Writes every metric with HELP and TYPE lines; <paramref name="agents"/> are gauges computed by the caller (by status).</summary>
    public void Write(TextWriter writer, IReadOnlyDictionary<string, int> agents, int liveSubscribers)
    {
        Counter(writer, "vigil_ingest_batches_total", "Batches received from agents, by outcome.",
            ("outcome=\"stored\"", _stored), ("outcome=\"duplicate\"", _duplicate), ("outcome=\"out_of_order\"", _outOfOrder),
            ("outcome=\"refused\"", _refused), ("outcome=\"rejected\"", _rejected));
        Counter(writer, "vigil_ingest_wire_bytes_total", "Compressed bytes of stored batches as received.", ("", _wireBytes));
        Counter(writer, "vigil_ingest_records_total", "Records in stored batches.", ("", _records));
        Counter(writer, "vigil_ingest_samples_total", "Metric samples in stored batches.", ("", _samples));
        Counter(writer, "vigil_ingest_anomaly_records_total", "Anomaly records in stored batches, by the transition they report.",
            ("state=\"open\"", _anomaliesOpened), ("state=\"closed\"", _anomaliesClosed));
        Counter(writer, "vigil_enrollments_total", "Agents enrolled.", ("", _enrollments));
        Counter(writer, "vigil_certificate_renewals_total", "Agent certificates renewed.", ("", _renewals));

        writer.Write("# HELP vigil_ingest_commit_seconds Time from a batch's arrival to its acknowledgement (commit included).\n# TYPE vigil_ingest_commit_seconds histogram\n");
        long cumulative = 0;
        for (var i = 0; i < LatencyBounds.Length; i++)
        {
            cumulative += Volatile.Read(ref _commitBuckets[i]);
            writer.Write($"vigil_ingest_commit_seconds_bucket{{le=\"{Format(LatencyBounds[i])}\"}} {cumulative}\n");
        }
        cumulative += Volatile.Read(ref _commitBuckets[^1]);
        writer.Write($"vigil_ingest_commit_seconds_bucket{{le=\"+Inf\"}} {cumulative}\n");
        writer.Write($"vigil_ingest_commit_seconds_sum {Format(Volatile.Read(ref _commitMicros) / 1e6)}\n");
        writer.Write($"vigil_ingest_commit_seconds_count {Volatile.Read(ref _commitCount)}\n");

        writer.Write("# HELP vigil_agents Enrolled agents by status.\n# TYPE vigil_agents gauge\n");
        foreach (var (status, count) in agents.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.Write($"vigil_agents{{status=\"{status}\"}} {count}\n");
        }
        writer.Write($"# HELP vigil_live_streams Open dashboard live streams.\n# TYPE vigil_live_streams gauge\nvigil_live_streams {liveSubscribers}\n");

        using var process = Process.GetCurrentProcess();
        writer.Write($"# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {process.WorkingSet64}\n");
        writer.Write($"# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {Format(process.TotalProcessorTime.TotalSeconds)}\n");
        writer.Write($"# HELP dotnet_gc_heap_bytes Bytes in the managed heap.\n# TYPE dotnet_gc_heap_bytes gauge\ndotnet_gc_heap_bytes {GC.GetTotalMemory(forceFullCollection: false)}\n");
    }

    private static void Counter(TextWriter writer, string name, string help, params (string Labels, long Value)[] values)
    {
        writer.Write($"# HELP {name} {help}\n# TYPE {name} counter\n");
        foreach (var (labels, value) in values)
        {
            writer.Write(labels.Length == 0 ? $"{name} {value}\n" : $"{name}{{{labels}}} {value}\n");
        }
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

namespace Vigil.LoadGen;

/// <summary>The result file of one run (snake_case JSON).</summary>
public sealed record LoadResult
{
    public required int Agents { get; init; }
    public required double IntervalS { get; init; }
    public required double WarmupS { get; init; }
    public required double DurationS { get; init; }
    public required int SamplesPerBatch { get; init; }
    public required long Sent { get; init; }
    public required long Acked { get; init; }
    /// <summary>Batches never acknowledged (a refusal, or retries ran out at the end of the run).</summary>
    public required long Failed { get; init; }
    /// <summary>Attempts sent again after no answer, a timeout or a 5xx (the agent's own behaviour); the warm-up's included.</summary>
    public required long Retried { get; init; }
    /// <summary>Retries of batches due in the measured window: a sustained load has none.</summary>
    public required long MeasuredRetried { get; init; }
    public long? Stored { get; init; }
    /// <summary>Sent but not stored (null without --db).</summary>
    public long? Lost { get; init; }
    public int? AgentsWithMissingRows { get; init; }
    public required IReadOnlyDictionary<string, int> Failures { get; init; }
    public required long MeasuredBatches { get; init; }
    public required double BatchesPerS { get; init; }
    public required double SamplesPerS { get; init; }
    public required Percentiles AckLatencyMs { get; init; }
    /// <summary>How late sends started against their schedule: large values mean the generator (or its host) could not keep up.</summary>
    public required Percentiles SendLagMs { get; init; }
    public required double BodyBytesPerAgentInterval { get; init; }
    public required double WireSentBytesPerAgentInterval { get; init; }
    public required double WireReceivedBytesPerAgentInterval { get; init; }
    public double? ServerCpuPercentMedian { get; init; }
    public double? ServerCpuPercentP95 { get; init; }
    public double? ServerCpuPercentAverage { get; init; }
    public double? ServerRssMibMedian { get; init; }
    public double? ServerRssMibMax { get; init; }
    public double? ServerRssMibPeak { get; init; }
    public double? LoadgenCpuPercentMedian { get; init; }
    public double? MachineBusyPercentMedian { get; init; }
    public required IReadOnlyList<ApiLatency> Api { get; init; }
    public required bool Sustained { get; init; }
}

public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        var sorted = values.Order().ToArray();
        return new Percentiles(sorted.Length, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record ApiLatency(string Call, Percentiles LatencyMs, IReadOnlyDictionary<string, int> Statuses);

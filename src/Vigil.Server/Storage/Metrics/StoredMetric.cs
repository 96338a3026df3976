using Vigil.Protocol;

namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// What of a sample is stored. Counters are stored as their per-second rate, which is what a chart of a counter shows
/// and what rolls up meaningfully (the cumulative value does not average); a counter's first sample has no rate and
/// is skipped. NaN and infinities are skipped: they would poison every sum and average they reach.
/// </summary>
public static class StoredMetric
{
    public static bool TryGetValue(Metric metric, out double value)
    {
        value = metric.Kind == MetricKind.Counter ? metric.Rate ?? double.NaN : metric.Value;
        return double.IsFinite(value);
    }

    /// <summary>The unit of the stored values: a counter's gains "/s".</summary>
    public static string Unit(string unit, MetricKind kind) => kind == MetricKind.Counter ? unit + "/s" : unit;

    /// <summary>"gauge" or "counter", as stored and returned.</summary>
    public static string KindName(MetricKind kind) => kind == MetricKind.Counter ? "counter" : "gauge";

    public static MetricKind ParseKind(string name) => name switch
    {
        "gauge" => MetricKind.Gauge,
        "counter" => MetricKind.Counter,
        _ => throw new InvalidDataException($"unknown metric kind '{name}' in the series table"),
    };
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>
/// An anomaly on one series opened or closed. The agent sends one record per transition (debounced, with
/// hysteresis), never one per sample; open and close share <see cref="Id"/>.
/// </summary>
public sealed record AnomalyRecord : Record
{
    /// <summary>Agent-unique id of this anomaly, the same on its open and its close record.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("state")] public AnomalyState State { get; init; }
    /// <summary>The series' metric name, e.g. <c>system.cpu.utilization</c>.</summary>
    [JsonPropertyName("metric")] public required string Metric { get; init; }
    [JsonPropertyName("a")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
    /// <summary>Unix ms of the first anomalous sample.</summary>
    [JsonPropertyName("since")] public long SinceUnixMs { get; init; }
    /// <summary>The value that decided this transition (for a close, the first value back in range).</summary>
    [JsonPropertyName("observed")] public double Observed { get; init; }
    /// <summary>The range the detector expected when it decided.</summary>
    [JsonPropertyName("expected_low")] public double ExpectedLow { get; init; }
    [JsonPropertyName("expected_high")] public double ExpectedHigh { get; init; }
    /// <summary>Calibrated anomaly score in [0, 1]; for a close, the highest score the anomaly reached.</summary>
    [JsonPropertyName("score")] public double Score { get; init; }
    /// <summary>Names of the detectors that fired, e.g. <c>level</c>, <c>changepoint</c>.</summary>
    [JsonPropertyName("detectors")] public required IReadOnlyList<string> Detectors { get; init; }
    /// <summary>One line a person reads: series, expected range, observed value, since when, which detectors.</summary>
    [JsonPropertyName("message")] public required string Message { get; init; }
}

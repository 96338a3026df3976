using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>One sample of one series. The series is identified by <see cref="Name"/> plus <see cref="Attributes"/>.</summary>
public sealed record Metric
{
    /// <summary>OpenTelemetry semantic-convention name where one exists, e.g. <c>system.cpu.utilization</c>.</summary>
    [JsonPropertyName("n")] public required string Name { get; init; }
    /// <summary>UCUM unit as OpenTelemetry uses it: <c>By</c>, <c>s</c>, <c>1</c>, <c>{process}</c>.</summary>
    [JsonPropertyName("u")] public required string Unit { get; init; }
    [JsonPropertyName("k")] public MetricKind Kind { get; init; }
    [JsonPropertyName("a")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
    /// <summary>The gauge value, or the cumulative count for a counter.</summary>
    [JsonPropertyName("v")] public double Value { get; init; }
    /// <summary>Counters only: per-second rate since the previous sample, wrap- and reset-aware. Absent on the first sample.</summary>
    [JsonPropertyName("r")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Rate { get; init; }
}

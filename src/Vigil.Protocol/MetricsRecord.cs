using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>The samples one collector produced in one run.</summary>
public sealed record MetricsRecord : Record
{
    [JsonPropertyName("metrics")] public required IReadOnlyList<Metric> Metrics { get; init; }
}

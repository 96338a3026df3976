using System.Text.Json.Serialization;

namespace Vigil.Protocol;

[JsonConverter(typeof(JsonStringEnumConverter<MetricKind>))]
public enum MetricKind
{
    /// <summary>A value that goes up and down (memory used, utilization, open sockets).</summary>
    Gauge,
    /// <summary>A monotonic cumulative count; samples also carry the per-second rate since the previous sample.</summary>
    Counter,
}

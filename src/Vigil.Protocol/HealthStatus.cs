using System.Text.Json.Serialization;

namespace Vigil.Protocol;

[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    Ok,
    /// <summary>Working with reduced coverage: an expected failure, a budget overrun, shed by the watchdog.</summary>
    Degraded,
    /// <summary>Not producing data.</summary>
    Failed,
}

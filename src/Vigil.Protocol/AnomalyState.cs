using System.Text.Json.Serialization;

namespace Vigil.Protocol;

[JsonConverter(typeof(JsonStringEnumConverter<AnomalyState>))]
public enum AnomalyState
{
    /// <summary>The series stopped behaving like itself; sent once when the anomaly opens.</summary>
    Open,
    /// <summary>The series is back within its expected range; sent once, with the same id as the open.</summary>
    Closed,
}

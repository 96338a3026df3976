using System.Text.Json.Serialization;

namespace Vigil.Protocol;

[JsonConverter(typeof(JsonStringEnumConverter<DriftChange>))]
public enum DriftChange
{
    Created,
    Modified,
    Deleted,
}

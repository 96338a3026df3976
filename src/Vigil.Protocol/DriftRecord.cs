using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>A watched path changed since the agent last looked.</summary>
public sealed record DriftRecord : Record
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("change")] public DriftChange Change { get; init; }
    [JsonPropertyName("before")] public FileFingerprint? Before { get; init; }
    [JsonPropertyName("after")] public FileFingerprint? After { get; init; }
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>What the agent knows about a watched file without sending its content.</summary>
public sealed record FileFingerprint
{
    [JsonPropertyName("size")] public long Size { get; init; }
    /// <summary>Permission bits in octal, e.g. "0644".</summary>
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("uid")] public int Uid { get; init; }
    [JsonPropertyName("gid")] public int Gid { get; init; }
    [JsonPropertyName("mtime_unix_ms")] public long MtimeUnixMs { get; init; }
    /// <summary>"sha256:" followed by lowercase hex.</summary>
    [JsonPropertyName("hash")] public required string Hash { get; init; }
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>
/// The unit the agent spools and ships. <see cref="Sequence"/> increases monotonically per agent, so the
/// server can turn at-least-once delivery into exactly-once storage by ignoring sequences it already holds.
/// </summary>
public sealed record Batch
{
    [JsonPropertyName("v")] public int SchemaVersion { get; init; } = SchemaVersions.Current;
    [JsonPropertyName("agent")] public required string AgentId { get; init; }
    [JsonPropertyName("seq")] public long Sequence { get; init; }
    /// <summary>Unix time in milliseconds when the batch was sealed.</summary>
    [JsonPropertyName("ts")] public long CreatedUnixMs { get; init; }
    /// <summary>
    /// Since schema version 2: the agent's base collection interval, which the server uses to tell a quiet host from
    /// a silent one. Version 1 batches lack it and the server assumes 10 s.
    /// </summary>
    [JsonPropertyName("interval_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? IntervalMs { get; init; }
    [JsonPropertyName("records")] public required IReadOnlyList<Record> Records { get; init; }
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol.Bundles;

/// <summary>A bundle chunked by the agent: every path of the bundle with the blob ids of its content, as the store keeps it.</summary>
public sealed record BundleSnapshot
{
    [JsonPropertyName("logical_bytes")] public long LogicalBytes { get; init; }
    [JsonPropertyName("files")] public required IReadOnlyList<BundleSnapshotEntry> Files { get; init; }
}

/// <summary>
/// One path of a bundle ('/'-separated, relative). A file's <see cref="Content"/> is the id of its only chunk or,
/// with <see cref="ChunkList"/>, of a list blob naming its chunks in order; an empty file has none.
/// </summary>
public sealed record BundleSnapshotEntry
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    /// <summary><c>file</c> or <c>dir</c>.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("mode")] public int Mode { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("mtime")] public DateTimeOffset Mtime { get; init; }
    [JsonPropertyName("content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }
    [JsonPropertyName("chunk_list")] public bool ChunkList { get; init; }
}

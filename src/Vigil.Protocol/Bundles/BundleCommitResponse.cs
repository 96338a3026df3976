using System.Text.Json.Serialization;

namespace Vigil.Protocol.Bundles;

/// <summary>What the server stored for a bundle.</summary>
public sealed record BundleCommitResponse
{
    [JsonPropertyName("bundle_id")] public required string BundleId { get; init; }
    [JsonPropertyName("snapshot_id")] public required string SnapshotId { get; init; }
    [JsonPropertyName("logical_bytes")] public long LogicalBytes { get; init; }
    /// <summary>Uncompressed bytes of the blobs this bundle brought that the store did not hold before.</summary>
    [JsonPropertyName("new_bytes")] public long NewBytes { get; init; }
    /// <summary>True when the bundle was already stored (a retried commit); the snapshot is the one stored first.</summary>
    [JsonPropertyName("already_stored")] public bool AlreadyStored { get; init; }
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol.Bundles;

/// <summary>The bundle's snapshot (every file with its content ids) and its manifest, sent once every blob has arrived.</summary>
public sealed record BundleCommitRequest
{
    [JsonPropertyName("snapshot")] public required BundleSnapshot Snapshot { get; init; }
    [JsonPropertyName("manifest")] public required BundleManifest Manifest { get; init; }
}

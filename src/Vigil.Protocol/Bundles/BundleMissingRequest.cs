using System.Text.Json.Serialization;

namespace Vigil.Protocol.Bundles;

/// <summary>Which of these blobs (SHA-256, lowercase hex) does the server lack, for bundle <see cref="BundleId"/>?</summary>
public sealed record BundleMissingRequest
{
    [JsonPropertyName("bundle_id")] public required string BundleId { get; init; }
    [JsonPropertyName("blobs")] public required IReadOnlyList<string> Blobs { get; init; }
}

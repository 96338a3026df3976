using System.Text.Json.Serialization;

namespace Vigil.Protocol.Bundles;

/// <summary>The blob ids of the request that the server does not hold; the agent sends exactly these.</summary>
public sealed record BundleMissingResponse
{
    [JsonPropertyName("missing")] public required IReadOnlyList<string> Missing { get; init; }
}

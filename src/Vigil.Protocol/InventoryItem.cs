using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>One entity of an inventory kind: a package, a user, a systemd unit, a listening port.</summary>
public sealed record InventoryItem
{
    /// <summary>Stable identity within the kind (package name, unit name, "tcp/0.0.0.0:22").</summary>
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("attrs")] public required IReadOnlyDictionary<string, string> Attributes { get; init; }
}

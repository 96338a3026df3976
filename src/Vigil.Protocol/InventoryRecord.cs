using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>
/// The complete current state of one inventory kind (not a delta): the server keeps the latest and derives
/// history by comparing consecutive snapshots.
/// </summary>
public sealed record InventoryRecord : Record
{
    /// <summary>Inventory kind, e.g. <c>packages</c>, <c>users</c>, <c>systemd_units</c>, <c>listening_ports</c>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("items")] public required IReadOnlyList<InventoryItem> Items { get; init; }
}

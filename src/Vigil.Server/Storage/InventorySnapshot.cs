using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>The latest complete state of one inventory kind on one host.</summary>
public sealed record InventorySnapshot(string Kind, DateTimeOffset ObservedAt, IReadOnlyList<InventoryItem> Items);

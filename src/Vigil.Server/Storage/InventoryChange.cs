namespace Vigil.Server.Storage;

/// <summary>One item that differs between consecutive snapshots of a kind (or one identity field, with kind "identity").</summary>
public sealed record InventoryChange
{
    public required string Kind { get; init; }
    public required string Key { get; init; }
    /// <summary>"added", "removed" or "changed".</summary>
    public required string Change { get; init; }
    public IReadOnlyDictionary<string, string>? Before { get; init; }
    public IReadOnlyDictionary<string, string>? After { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
}

namespace Vigil.Blobs.Maintenance;

/// <summary>
/// The blobs a running GC is about to delete, published before it waits for running adds. An add that starts
/// after it is published does not deduplicate against these blobs: it stores its own copy.
/// </summary>
public sealed record CondemnedSet
{
    public required string GcLock { get; init; }

    public DateTimeOffset Created { get; init; }

    public IReadOnlyList<string> Blobs { get; init; } = [];
}

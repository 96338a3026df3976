namespace Vigil.Blobs.Snapshots;

/// <summary>
/// One path of a snapshot, relative to the snapshot's root with '/' separators. A file's <see cref="Content"/> is
/// the id of its only chunk, or, when <see cref="ChunkList"/> is set, of a list blob naming its chunks in order;
/// an empty file has none.
/// </summary>
public sealed record SnapshotEntry
{
    public required string Path { get; init; }

    /// <summary><c>file</c>, <c>dir</c> or <c>symlink</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Unix permission bits.</summary>
    public int Mode { get; init; }

    public long Size { get; init; }

    public DateTimeOffset Mtime { get; init; }

    public string? Content { get; init; }

    public bool ChunkList { get; init; }

    /// <summary>A symlink's target, as read.</summary>
    public string? Target { get; init; }
}

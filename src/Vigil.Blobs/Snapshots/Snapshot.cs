namespace Vigil.Blobs.Snapshots;

/// <summary>One stored file set (a bundle, a capture, a folder): who, when, and every path with its content ids.</summary>
public sealed record Snapshot
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required DateTimeOffset Time { get; init; }

    public required string Host { get; init; }

    public IReadOnlyList<string> Paths { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Sum of the sizes of the files, before deduplication and compression.</summary>
    public long LogicalBytes { get; init; }

    public required IReadOnlyList<SnapshotEntry> Files { get; init; }
}

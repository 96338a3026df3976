namespace Vigil.Blobs;

/// <summary>What an add stored.</summary>
public sealed record AddResult
{
    public required string SnapshotId { get; init; }

    public int Files { get; init; }

    /// <summary>Bytes of the files as read.</summary>
    public long LogicalBytes { get; init; }

    public int NewBlobs { get; init; }

    /// <summary>Uncompressed bytes of the blobs that were new to the store.</summary>
    public long NewRawBytes { get; init; }

    /// <summary>Bytes written to the backend: packs, index files, the snapshot.</summary>
    public long StoredBytes { get; init; }

    /// <summary>Logical bytes over stored bytes (infinite when nothing was new is reported as logical bytes).</summary>
    public double DedupRatio => StoredBytes == 0 ? LogicalBytes : LogicalBytes / (double)StoredBytes;

    public TimeSpan Elapsed { get; init; }
}

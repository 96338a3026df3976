namespace Vigil.Blobs.Maintenance;

/// <summary>What a GC removed.</summary>
public sealed record GcResult
{
    public IReadOnlyList<string> SnapshotsRemoved { get; init; } = [];

    public int BlobsRemoved { get; init; }

    public int PacksDeleted { get; init; }

    public int PacksRewritten { get; init; }

    public int IndexFilesReplaced { get; init; }

    public long BytesBefore { get; init; }

    public long BytesAfter { get; init; }

    public bool DryRun { get; init; }
}

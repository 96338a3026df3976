namespace Vigil.Blobs.Maintenance;

/// <summary>What repair did, and what it could not save.</summary>
public sealed record RepairResult
{
    public int PacksScanned { get; init; }

    public IReadOnlyList<string> DamagedPacksRemoved { get; init; } = [];

    /// <summary>Intact blobs copied out of damaged packs.</summary>
    public int BlobsSalvaged { get; init; }

    /// <summary>Damaged blobs for which another intact copy existed.</summary>
    public int BlobsRecoveredFromCopies { get; init; }

    /// <summary>Blobs with no intact copy left; the snapshots that need them are listed in <see cref="IncompleteSnapshots"/>.</summary>
    public IReadOnlyList<string> BlobsLost { get; init; } = [];

    public int IndexFilesReplaced { get; init; }

    public IReadOnlyList<string> IncompleteSnapshots { get; init; } = [];
}

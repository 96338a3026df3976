namespace Vigil.Blobs.Snapshots;

/// <summary>A snapshot with the name it is stored under.</summary>
public sealed record SnapshotInfo(string Id, Snapshot Snapshot)
{
    public string ShortId => Id[..8];
}

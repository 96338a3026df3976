using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs.Maintenance;

/// <summary>The mark of mark-and-sweep: every blob some snapshot reaches (its files' chunks and list blobs).</summary>
internal static class Marker
{
    public static async Task<HashSet<BlobId>> MarkAsync(BlobStore store, IEnumerable<SnapshotInfo> snapshots, CancellationToken cancellationToken)
    {
        var live = new HashSet<BlobId>();
        foreach (var snapshot in snapshots)
        {
            foreach (var file in snapshot.Snapshot.Files)
            {
                if (file.Content is null)
                {
                    continue;
                }
                var id = BlobId.Parse(file.Content);
                if (!live.Add(id) || !file.ChunkList)
                {
                    continue; // a list blob already marked had its chunks marked with it
                }
                var list = await store.ReadBlobAsync(id, cancellationToken).ConfigureAwait(false);
                live.UnionWith(ListBlob.Parse(id, list));
            }
        }
        return live;
    }
}

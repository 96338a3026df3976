using Vigil.Blobs.Indexing;
using Vigil.Blobs.Locking;
using Vigil.Blobs.Packs;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Maintenance;

/// <summary>
/// Every add writes its own index files, and opening a store reads them all; past <see cref="Threshold"/> files an add
/// merges the ones it loaded into one. It does so under the gc lock and only when no GC or repair runs (they are the
/// other writers that delete index files), writing the merged file before deleting the merged ones, so a reader sees
/// every blob throughout. Index files written meanwhile by other adds are left alone.
/// </summary>
internal static class IndexCompactor
{
    public const int Threshold = 64;

    public static async Task<bool> TryCompactAsync(BlobStore store, CancellationToken cancellationToken)
    {
        var merged = store.Index.IndexFiles.ToList();
        if (merged.Count <= Threshold)
        {
            return false;
        }
        await using var gcLock = await StoreLock.TakeAsync(store.Backend, "gc", store.Time, cancellationToken).ConfigureAwait(false);
        var others = await StoreLock.LiveLocksAsync(store.Backend, store.Time, gcLock.Name, cancellationToken).ConfigureAwait(false);
        if (others.Any(l => l.Record.Kind == "gc"))
        {
            return false; // a GC runs: it merges the index itself
        }
        var packs = store.Index.Blobs.GroupBy(b => b.Value.Pack, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PackEntry>)[.. g.Select(b => b.Value.Entry).OrderBy(e => e.Offset)], StringComparer.Ordinal);
        var (name, bytes) = IndexFile.Encode(packs);
        await store.Backend.PutAsync(ObjectKind.Index, name, bytes, cancellationToken).ConfigureAwait(false);
        foreach (var old in merged.Where(n => n != name))
        {
            await store.Backend.DeleteAsync(ObjectKind.Index, old, cancellationToken).ConfigureAwait(false);
        }
        // The merged file lists exactly what the open index holds: no need to read it back.
        store.Index.Merged(name, merged, packs.Keys);
        return true;
    }
}

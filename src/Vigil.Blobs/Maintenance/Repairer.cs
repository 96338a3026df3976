using Vigil.Blobs.Indexing;
using Vigil.Blobs.Locking;
using Vigil.Blobs.Packs;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Maintenance;

/// <summary>
/// Repairs what redundancy allows. Packs are self-describing (each blob has an inline header), so the index is rebuilt
/// from the packs themselves: a lost or damaged index file costs nothing. Intact blobs of a damaged pack are copied into
/// a new pack, unless an intact copy exists elsewhere; the damaged pack is then removed. A blob with no intact copy is
/// dropped from the index and reported with the snapshots that need it; the next add of the same content stores it
/// again, which makes those snapshots whole. Runs under the gc lock.
/// </summary>
public sealed class Repairer(BlobStore store)
{
    public async Task<RepairResult> RunAsync(IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var backend = store.Backend;
        await using var repairLock = await StoreLock.TakeAsync(backend, "gc", store.Time, cancellationToken).ConfigureAwait(false);
        var others = await StoreLock.LiveLocksAsync(backend, store.Time, repairLock.Name, cancellationToken).ConfigureAwait(false);
        if (others.FirstOrDefault(l => l.Record.Kind == "gc") is { Record: { } other })
        {
            throw new InvalidOperationException($"a gc or repair is running on this store (pid {other.Pid} on {other.Host})");
        }
        var oldIndexes = new List<string>();
        await foreach (var o in backend.ListAsync(ObjectKind.Index, cancellationToken).ConfigureAwait(false))
        {
            oldIndexes.Add(o.Name);
        }
        var referenced = (await MasterIndex.LoadTolerantAsync(backend, cancellationToken).ConfigureAwait(false));
        var packs = new List<string>();
        await foreach (var o in backend.ListAsync(ObjectKind.Pack, cancellationToken).ConfigureAwait(false))
        {
            packs.Add(o.Name);
        }
        packs.Sort(StringComparer.Ordinal);

        var healthy = new Dictionary<string, IReadOnlyList<PackEntry>>(StringComparer.Ordinal);
        var damaged = new Dictionary<string, (byte[] Bytes, List<PackEntry> Good)>(StringComparer.Ordinal);
        var badBlobs = new HashSet<BlobId>();
        using var codec = new BlobCodec(store.Config.CompressionLevel);
        for (var i = 0; i < packs.Count; i++)
        {
            progress?.Report(new StoreProgress("scan", i, packs.Count, packs[i]));
            var bytes = await backend.GetAsync(ObjectKind.Pack, packs[i], cancellationToken).ConfigureAwait(false);
            var whole = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) == packs[i];
            List<PackEntry> entries;
            try
            {
                entries = PackFormat.ReadEntries(packs[i], bytes);
            }
            catch (CorruptObjectException)
            {
                whole = false;
                entries = PackFormat.ReadEntriesUntilDamage(bytes);
            }
            var good = new List<PackEntry>();
            foreach (var e in entries)
            {
                try
                {
                    _ = codec.Decode(packs[i], e, bytes.AsSpan(e.Offset, e.StoredLength));
                    good.Add(e);
                }
                catch (CorruptObjectException)
                {
                    badBlobs.Add(e.Id);
                    whole = false;
                }
            }
            if (whole)
            {
                healthy[packs[i]] = good;
            }
            else
            {
                damaged[packs[i]] = (bytes, good);
            }
        }

        // Blobs the old index promised but no pack holds intact count as damaged too.
        var intact = healthy.Values.SelectMany(e => e).Select(e => e.Id).ToHashSet();
        var builder = new PackBuilder(store.Config.PackSize);
        var salvaged = 0;
        foreach (var (pack, (bytes, good)) in damaged)
        {
            foreach (var e in good.Where(e => intact.Add(e.Id)))
            {
                builder.Add(e.Id, e.Type, e.Compression, e.RawLength, bytes.AsSpan(e.Offset, e.StoredLength));
                salvaged++;
            }
        }
        if (builder.Count > 0)
        {
            var (name, bytes) = builder.Seal();
            await backend.PutAsync(ObjectKind.Pack, name, bytes, cancellationToken).ConfigureAwait(false);
            healthy[name] = [.. builder.Entries];
        }
        if (damaged.Count > 0 || oldIndexes.Count != 1 || referenced.Damaged > 0 || healthy.Keys.Any(p => !referenced.Index.Packs.Contains(p)))
        {
            var (indexName, indexBytes) = IndexFile.Encode(healthy);
            await backend.PutAsync(ObjectKind.Index, indexName, indexBytes, cancellationToken).ConfigureAwait(false);
            foreach (var name in oldIndexes.Where(n => n != indexName))
            {
                await backend.DeleteAsync(ObjectKind.Index, name, cancellationToken).ConfigureAwait(false);
            }
            foreach (var pack in damaged.Keys)
            {
                await backend.DeleteAsync(ObjectKind.Pack, pack, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            oldIndexes.Clear();
        }
        await store.ReloadIndexAsync(cancellationToken).ConfigureAwait(false);

        var lost = referenced.Index.Blobs.Select(b => b.Key).Concat(badBlobs).Where(id => !intact.Contains(id)).ToHashSet();
        var incomplete = new List<string>();
        foreach (var snapshot in await store.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var file in snapshot.Snapshot.Files.Where(f => f.Content is not null))
            {
                var id = BlobId.Parse(file.Content!);
                var needs = !intact.Contains(id) ? [id] : file.ChunkList ? await store.ChunksOfAsync(file, cancellationToken).ConfigureAwait(false) : [];
                var missing = needs.Where(c => !intact.Contains(c)).ToList();
                if (missing.Count > 0)
                {
                    lost.UnionWith(missing);
                    incomplete.Add($"{snapshot.Id} '{file.Path}'");
                }
            }
        }
        return new RepairResult
        {
            PacksScanned = packs.Count,
            DamagedPacksRemoved = [.. damaged.Keys],
            BlobsSalvaged = salvaged,
            BlobsRecoveredFromCopies = badBlobs.Count(intact.Contains),
            BlobsLost = [.. lost.Select(l => l.ToHex()).Order(StringComparer.Ordinal)],
            IndexFilesReplaced = oldIndexes.Count,
            IncompleteSnapshots = incomplete,
        };
    }
}

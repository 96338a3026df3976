using System.Text.Json;
using Vigil.Blobs.Indexing;
using Vigil.Blobs.Locking;
using Vigil.Blobs.Packs;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Maintenance;

/// <summary>
/// Mark-and-sweep that adds may run alongside. The protocol:
/// (1) take the gc lock (a second GC refuses to start), apply retention, list the packs and index files there are now;
/// (2) mark every blob the snapshots reach; the rest of the indexed blobs are candidates;
/// (3) publish the candidates as the condemned set; adds that start from now on store their own copy of a
///     condemned blob instead of deduplicating against it;
/// (4) wait until every add whose lock existed once the set was published has finished (they may have deduplicated
///     against a candidate before seeing the set);
/// (5) mark again, over every snapshot now present, and drop from the candidates whatever became reachable;
/// (6) copy the live blobs of packs holding candidates into new packs, write one index for everything listed in
///     step 1, and only then delete the old index files and packs, and the condemned set.
/// Only objects that existed in step 1 are rewritten or deleted: packs and index files of adds that started later
/// are left as they are. A crash at any step leaves only duplicates or unreferenced objects, never a dangling reference.
/// </summary>
public sealed class GarbageCollector(BlobStore store)
{
    private const string CondemnedName = "condemned";

    public async Task<GcResult> RunAsync(GcOptions options, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        options.Retention.Validate();
        var backend = store.Backend;
        await using var gcLock = await StoreLock.TakeAsync(backend, "gc", store.Time, cancellationToken).ConfigureAwait(false);
        var others = await StoreLock.LiveLocksAsync(backend, store.Time, gcLock.Name, cancellationToken).ConfigureAwait(false);
        if (others.FirstOrDefault(l => l.Record.Kind == "gc") is { Record: { } other })
        {
            throw new InvalidOperationException($"another gc is running on this store (pid {other.Pid} on {other.Host}, since {other.Created:u})");
        }
        var started = store.Time.GetUtcNow();

        // (1) retention, then what exists now.
        var snapshots = await store.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        var removed = options.Retention.ToRemove(snapshots, started);
        if (!options.DryRun)
        {
            foreach (var s in removed)
            {
                await backend.DeleteAsync(ObjectKind.Snapshot, s.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        var kept = snapshots.Except(removed).ToList();
        await store.ReloadIndexAsync(cancellationToken).ConfigureAwait(false);
        var firstIndex = store.Index;
        var packsBefore = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var o in backend.ListAsync(ObjectKind.Pack, cancellationToken).ConfigureAwait(false))
        {
            packsBefore[o.Name] = o.Size;
        }
        var bytesBefore = packsBefore.Values.Sum();
        progress?.Report(new StoreProgress("mark", 0, kept.Count));

        // (2) mark.
        var live = await Marker.MarkAsync(store, kept, cancellationToken).ConfigureAwait(false);
        var candidates = firstIndex.Blobs.Select(b => b.Key).Where(id => !live.Contains(id)).ToHashSet();
        var orphanCandidates = packsBefore.Keys.Where(p => !firstIndex.Packs.Contains(p)).ToList();
        if (options.DryRun || (candidates.Count == 0 && orphanCandidates.Count == 0 && firstIndex.IndexFiles.Count <= 1))
        {
            return new GcResult
            {
                SnapshotsRemoved = [.. removed.Select(s => s.Id)],
                BlobsRemoved = candidates.Count,
                BytesBefore = bytesBefore,
                BytesAfter = bytesBefore,
                DryRun = options.DryRun,
            };
        }

        // (3) publish, (4) wait for the adds that may not have seen it.
        var condemned = new CondemnedSet { GcLock = gcLock.Name, Created = store.Time.GetUtcNow(), Blobs = [.. candidates.Select(c => c.ToHex())] };
        await backend.PutAsync(ObjectKind.State, CondemnedName, JsonSerializer.SerializeToUtf8Bytes(condemned, BlobsJsonContext.Default.CondemnedSet), cancellationToken).ConfigureAwait(false);
        await WaitForAddsAsync(gcLock.Name, options.WaitForAdds, progress, cancellationToken).ConfigureAwait(false);

        // (5) mark again over every snapshot there is now.
        await store.ReloadIndexAsync(cancellationToken).ConfigureAwait(false);
        var now = await store.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        live = await Marker.MarkAsync(store, now, cancellationToken).ConfigureAwait(false);
        candidates.ExceptWith(live);
        var currentIndex = store.Index;

        // (6) sweep what step 1 saw.
        var sweep = await SweepAsync(firstIndex, currentIndex, candidates, packsBefore, progress, cancellationToken).ConfigureAwait(false);
        await backend.DeleteAsync(ObjectKind.State, CondemnedName, cancellationToken).ConfigureAwait(false);
        if (backend is FileSystemBackend fs)
        {
            fs.CleanTemporaryFiles(started.UtcDateTime);
        }
        await store.ReloadIndexAsync(cancellationToken).ConfigureAwait(false);
        return sweep with { SnapshotsRemoved = [.. removed.Select(s => s.Id)], BytesBefore = bytesBefore };
    }

    /// <summary>The condemned set a running GC published, or an empty set.</summary>
    public static async Task<IReadOnlySet<BlobId>> ReadCondemnedAsync(IStorageBackend backend, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await backend.GetAsync(ObjectKind.State, CondemnedName, cancellationToken).ConfigureAwait(false);
            var set = JsonSerializer.Deserialize(bytes, BlobsJsonContext.Default.CondemnedSet);
            return set is null ? new HashSet<BlobId>() : set.Blobs.Select(BlobId.Parse).ToHashSet();
        }
        catch (ObjectNotFoundException)
        {
            return new HashSet<BlobId>();
        }
    }

    private async Task WaitForAddsAsync(string gcLock, TimeSpan limit, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var waitFor = (await StoreLock.LiveLocksAsync(store.Backend, store.Time, gcLock, cancellationToken).ConfigureAwait(false))
            .Where(l => l.Record.Kind == "add").Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var deadline = store.Time.GetUtcNow() + limit;
        while (waitFor.Count > 0)
        {
            progress?.Report(new StoreProgress("wait for adds", 0, waitFor.Count));
            if (store.Time.GetUtcNow() > deadline)
            {
                await store.Backend.DeleteAsync(ObjectKind.State, CondemnedName, cancellationToken).ConfigureAwait(false);
                throw new TimeoutException($"gc stopped without deleting anything: {waitFor.Count} add(s) still running after {limit.TotalSeconds:0} s ({string.Join(", ", waitFor)})");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), store.Time, cancellationToken).ConfigureAwait(false);
            var still = (await StoreLock.LiveLocksAsync(store.Backend, store.Time, gcLock, cancellationToken).ConfigureAwait(false)).Select(l => l.Name);
            waitFor.IntersectWith(still);
        }
    }

    private async Task<GcResult> SweepAsync(MasterIndex firstIndex, MasterIndex currentIndex, HashSet<BlobId> condemned, Dictionary<string, long> packsBefore, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var backend = store.Backend;
        // Every blob the first index listed and that stays, at one location; packs holding a condemned blob are rewritten.
        var byPack = firstIndex.Blobs.GroupBy(b => b.Value.Pack, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rewrite = byPack.Where(p => p.Value.Any(b => condemned.Contains(b.Key))).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var kept = new Dictionary<string, IReadOnlyList<PackEntry>>(StringComparer.Ordinal);
        foreach (var (pack, blobs) in byPack.Where(p => !rewrite.Contains(p.Key)))
        {
            kept[pack] = [.. blobs.Select(b => b.Value.Entry).OrderBy(e => e.Offset)];
        }
        var placed = kept.Values.SelectMany(e => e).Select(e => e.Id).ToHashSet();
        using var codec = new BlobCodec(store.Config.CompressionLevel);
        var builder = new PackBuilder(store.Config.PackSize);
        var written = new Dictionary<string, IReadOnlyList<PackEntry>>(StringComparer.Ordinal);
        var done = 0;
        foreach (var pack in rewrite.Order(StringComparer.Ordinal))
        {
            progress?.Report(new StoreProgress("repack", done++, rewrite.Count, pack));
            var bytes = await backend.GetAsync(ObjectKind.Pack, pack, cancellationToken).ConfigureAwait(false);
            foreach (var (id, location) in byPack[pack].OrderBy(b => b.Value.Entry.Offset))
            {
                if (condemned.Contains(id) || !placed.Add(id))
                {
                    continue;
                }
                var e = location.Entry;
                var stored = bytes.AsSpan().Slice(e.Offset, Math.Min(e.StoredLength, Math.Max(0, bytes.Length - e.Offset)));
                _ = codec.Decode(pack, e, stored); // never carry a damaged blob over silently
                builder.Add(id, e.Type, e.Compression, e.RawLength, stored);
                if (builder.Length >= store.Config.PackSize)
                {
                    await PutPackAsync(builder, written, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        await PutPackAsync(builder, written, cancellationToken).ConfigureAwait(false);
        foreach (var (pack, entries) in written)
        {
            kept[pack] = entries;
        }
        var (indexName, indexBytes) = IndexFile.Encode(kept);
        await backend.PutAsync(ObjectKind.Index, indexName, indexBytes, cancellationToken).ConfigureAwait(false);
        var oldIndexes = firstIndex.IndexFiles.Where(n => n != indexName).ToList();
        foreach (var name in oldIndexes)
        {
            await backend.DeleteAsync(ObjectKind.Index, name, cancellationToken).ConfigureAwait(false);
        }
        // A pack is deleted only once no index names it: every pack of step 1 that the new index does not keep
        // (rewritten, left by a killed add, or a duplicate), unless an index written since step 1 lists it.
        var newerPacks = currentIndex.IndexFiles.Except(firstIndex.IndexFiles, StringComparer.Ordinal).SelectMany(currentIndex.PacksOf).ToHashSet(StringComparer.Ordinal);
        var deleted = packsBefore.Keys.Where(p => !kept.ContainsKey(p) && !newerPacks.Contains(p)).ToList();
        foreach (var pack in deleted)
        {
            await backend.DeleteAsync(ObjectKind.Pack, pack, cancellationToken).ConfigureAwait(false);
        }
        return new GcResult
        {
            BlobsRemoved = condemned.Count(firstIndex.Contains),
            PacksRewritten = rewrite.Count,
            PacksDeleted = deleted.Count,
            IndexFilesReplaced = oldIndexes.Count,
            BytesAfter = packsBefore.Where(p => !deleted.Contains(p.Key)).Sum(p => p.Value) + written.Sum(p => (long)SizeOf(p.Value)),
        };
    }

    private static int SizeOf(IReadOnlyList<PackEntry> entries) => PackFormat.Magic.Length + entries.Sum(e => PackFormat.HeaderSize + e.StoredLength);

    private async Task PutPackAsync(PackBuilder builder, Dictionary<string, IReadOnlyList<PackEntry>> written, CancellationToken cancellationToken)
    {
        if (builder.Count == 0)
        {
            return;
        }
        var (name, bytes) = builder.Seal();
        await store.Backend.PutAsync(ObjectKind.Pack, name, bytes, cancellationToken).ConfigureAwait(false);
        written[name] = [.. builder.Entries];
        builder.Reset();
    }
}

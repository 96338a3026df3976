using Vigil.Blobs.Indexing;
using Vigil.Blobs.Packs;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Maintenance;

/// <summary>
/// Re-reads and re-hashes everything: each index file and snapshot against its name, each pack against its name and
/// its inline headers, each blob against its id, each index entry against the pack it points into, and each
/// snapshot's references against the blobs found intact. Names every damaged object.
/// </summary>
public sealed class Verifier(BlobStore store)
{
    public async Task<VerifyReport> RunAsync(IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var backend = store.Backend;
        var damages = new List<Damage>();
        var notes = new List<string>();
        long bytesRead = 0;

        // Index files, each checked against its name.
        var indexed = new Dictionary<string, List<(string Index, PackEntry Entry)>>(StringComparer.Ordinal);
        var indexNames = await NamesAsync(ObjectKind.Index, cancellationToken).ConfigureAwait(false);
        foreach (var name in indexNames)
        {
            try
            {
                var bytes = await backend.GetAsync(ObjectKind.Index, name, cancellationToken).ConfigureAwait(false);
                bytesRead += bytes.Length;
                foreach (var (pack, entries) in IndexFile.Decode(name, bytes, checkName: true))
                {
                    if (!indexed.TryGetValue(pack, out var list))
                    {
                        indexed[pack] = list = [];
                    }
                    list.AddRange(entries.Select(e => (name, e)));
                }
            }
            catch (CorruptObjectException e)
            {
                damages.Add(new Damage("index", name, e.Message));
            }
        }

        // Packs: whole-file hash, layout, every blob; remember which blobs are intact and list blobs' contents.
        var intact = new HashSet<BlobId>();
        var lists = new Dictionary<BlobId, List<BlobId>>();
        var packSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var o in backend.ListAsync(ObjectKind.Pack, cancellationToken).ConfigureAwait(false))
        {
            packSizes[o.Name] = o.Size;
        }
        var totalBytes = packSizes.Values.Sum();
        long doneBytes = 0;
        var blobs = 0;
        using var codec = new BlobCodec(1);
        foreach (var (pack, size) in packSizes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new StoreProgress("verify", doneBytes, totalBytes, pack));
            byte[] bytes;
            try
            {
                bytes = await backend.GetAsync(ObjectKind.Pack, pack, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                continue; // removed by a GC since the listing
            }
            doneBytes += size;
            bytesRead += bytes.Length;
            if (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) != pack)
            {
                damages.Add(new Damage("pack", pack, $"pack {pack}: content does not hash to its name ({bytes.Length} bytes)"));
            }
            var found = new Dictionary<int, PackEntry>();
            try
            {
                foreach (var e in PackFormat.ReadEntries(pack, bytes))
                {
                    found[e.Offset] = e;
                }
            }
            catch (CorruptObjectException e)
            {
                damages.Add(new Damage("pack", pack, e.Message));
            }
            if (!indexed.ContainsKey(pack))
            {
                notes.Add($"pack {pack} is in no index (left by an interrupted add or gc; gc removes it, repair indexes it)");
            }
            foreach (var e in found.Values)
            {
                blobs++;
                try
                {
                    var raw = codec.Decode(pack, e, bytes.AsSpan(e.Offset, e.StoredLength));
                    intact.Add(e.Id);
                    if (e.Type == BlobType.List)
                    {
                        lists[e.Id] = ListBlob.Parse(e.Id, raw);
                    }
                }
                catch (CorruptObjectException ex)
                {
                    damages.Add(new Damage("blob", e.Id.ToHex(), ex.Message));
                }
            }
            foreach (var (index, e) in indexed.GetValueOrDefault(pack) ?? [])
            {
                if (!found.TryGetValue(e.Offset, out var actual) || actual.Id != e.Id || actual.StoredLength != e.StoredLength)
                {
                    damages.Add(new Damage("blob", e.Id.ToHex(), $"index {index} places blob {e.Id} at offset {e.Offset} of pack {pack}, which has no such blob there"));
                }
            }
        }
        foreach (var pack in indexed.Keys.Where(p => !packSizes.ContainsKey(p)))
        {
            damages.Add(new Damage("pack", pack, $"pack {pack} is missing (listed by index {indexed[pack][0].Index} with {indexed[pack].Count} blobs)"));
        }

        // Snapshots: each checked against its name, every blob it needs indexed and intact.
        var usable = indexed.Values.SelectMany(l => l).Select(l => l.Entry.Id).Where(intact.Contains).ToHashSet();
        var snapshotNames = await NamesAsync(ObjectKind.Snapshot, cancellationToken).ConfigureAwait(false);
        foreach (var name in snapshotNames)
        {
            Snapshot snapshot;
            try
            {
                var bytes = await backend.GetAsync(ObjectKind.Snapshot, name, cancellationToken).ConfigureAwait(false);
                bytesRead += bytes.Length;
                snapshot = SnapshotCodec.Decode(name, bytes, checkName: true);
            }
            catch (CorruptObjectException e)
            {
                damages.Add(new Damage("snapshot", name, e.Message));
                continue;
            }
            foreach (var file in snapshot.Files.Where(f => f.Content is not null))
            {
                if (!BlobId.TryParse(file.Content, out var id))
                {
                    damages.Add(new Damage("snapshot", name, $"snapshot {name}: '{file.Path}' has an invalid content id"));
                    continue;
                }
                var missing = !usable.Contains(id) ? [id]
                    : file.ChunkList && lists.TryGetValue(id, out var chunks) ? chunks.Where(c => !usable.Contains(c)).ToList()
                    : [];
                if (missing.Count > 0)
                {
                    damages.Add(new Damage("snapshot", name, $"snapshot {name}: '{file.Path}' needs {missing.Count} blob(s) that are missing, damaged or in no index, first {missing[0]}"));
                }
            }
        }
        return new VerifyReport
        {
            Packs = packSizes.Count,
            Blobs = blobs,
            IndexFiles = indexNames.Count,
            Snapshots = snapshotNames.Count,
            BytesRead = bytesRead,
            Damages = damages,
            Notes = notes,
        };
    }

    private async Task<List<string>> NamesAsync(ObjectKind kind, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var o in store.Backend.ListAsync(kind, cancellationToken).ConfigureAwait(false))
        {
            names.Add(o.Name);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}

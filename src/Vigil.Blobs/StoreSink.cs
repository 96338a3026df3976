using Vigil.Blobs.Indexing;
using Vigil.Blobs.Packs;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs;

/// <summary>
/// Blobs into the store: a blob the store holds (and no GC has condemned) is skipped; a new one is compressed when
/// that pays and appended to the pack being built. Each sealed pack is followed by its own index file, so an
/// interrupted add leaves whole, indexed packs that the next add deduplicates against.
/// </summary>
internal sealed class StoreSink(BlobStore store, AddWorkspace workspace, IReadOnlySet<BlobId> condemned) : IBlobSink
{
    private readonly HashSet<BlobId> _pending = [];

    public long StoredBytes { get; private set; }

    public long NewRawBytes { get; private set; }

    public int NewBlobs { get; private set; }

    public bool Holds(BlobId id) => _pending.Contains(id) || (store.Index.Contains(id) && !condemned.Contains(id));

    public async Task PutAsync(BlobId id, BlobType type, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        if (Holds(id))
        {
            return;
        }
        var codec = workspace.Codec;
        var compressed = codec.TryCompress(raw.Span);
        workspace.Pack.Add(id, type, compressed > 0 ? Compression.Zstd : Compression.None, raw.Length, compressed > 0 ? codec.Compressed(compressed) : raw.Span);
        _pending.Add(id);
        NewBlobs++;
        NewRawBytes += raw.Length;
        if (workspace.Pack.Length >= store.Config.PackSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var pack = workspace.Pack;
        if (pack.Count == 0)
        {
            return;
        }
        var (packName, packBytes) = pack.Seal();
        await store.Backend.PutAsync(ObjectKind.Pack, packName, packBytes, cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, IReadOnlyList<PackEntry>>(StringComparer.Ordinal) { [packName] = [.. pack.Entries] };
        var (indexName, indexBytes) = IndexFile.Encode(entries);
        await store.Backend.PutAsync(ObjectKind.Index, indexName, indexBytes, cancellationToken).ConfigureAwait(false);
        store.Index.Add(indexName, new Dictionary<string, List<PackEntry>>(StringComparer.Ordinal) { [packName] = [.. pack.Entries] }, overwrite: true);
        StoredBytes += packBytes.Length + indexBytes.Length;
        _pending.Clear();
        pack.Reset();
    }

    /// <summary>Flushes the last pack, then writes the snapshot: a snapshot is only ever written after every blob it names.</summary>
    public async Task<string> CommitAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var (name, bytes) = SnapshotCodec.Encode(snapshot);
        await store.Backend.PutAsync(ObjectKind.Snapshot, name, bytes, cancellationToken).ConfigureAwait(false);
        StoredBytes += bytes.Length;
        return name;
    }
}

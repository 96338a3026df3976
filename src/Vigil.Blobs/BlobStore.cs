using System.Text.Json;
using Vigil.Blobs.Indexing;
using Vigil.Blobs.Locking;
using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Packs;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs;

/// <summary>
/// An open single-instance store: every blob is kept once, named by the SHA-256 of its content, in packs listed by
/// index files; each add writes one snapshot naming its files' blobs. Keep one open to add many file sets fast
/// (the index stays in memory). Not thread-safe: one operation at a time per instance; several processes may add
/// to the same store at once, and a GC may run while they do (see <see cref="GarbageCollector"/>).
/// </summary>
public sealed class BlobStore : IDisposable
{
    private readonly BlobCodec _reader = new(1);
    private AddWorkspace? _workspace;

    private BlobStore(IStorageBackend backend, StoreConfig config, MasterIndex index, TimeProvider time)
    {
        Backend = backend;
        Config = config;
        Index = index;
        Time = time;
    }

    public IStorageBackend Backend { get; }

    public StoreConfig Config { get; }

    public MasterIndex Index { get; private set; }

    public TimeProvider Time { get; }

    /// <summary>Opens a store; with <paramref name="create"/> an empty location becomes a new store with <paramref name="newConfig"/>.</summary>
    public static async Task<BlobStore> OpenAsync(IStorageBackend backend, TimeProvider time, bool create, CancellationToken cancellationToken, StoreConfig? newConfig = null)
    {
        StoreConfig config;
        try
        {
            var bytes = await backend.GetAsync(ObjectKind.Config, "config", cancellationToken).ConfigureAwait(false);
            config = JsonSerializer.Deserialize(bytes, BlobsJsonContext.Default.StoreConfig)
                ?? throw new InvalidDataException($"{backend.Location}: config is empty");
        }
        catch (ObjectNotFoundException) when (create)
        {
            config = newConfig ?? new StoreConfig();
            config.Validate();
            await backend.PutAsync(ObjectKind.Config, "config", JsonSerializer.SerializeToUtf8Bytes(config, BlobsJsonContext.Default.StoreConfig), cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            throw new ObjectNotFoundException($"{backend.Location} is not a store (no config); `vigil store add` creates one");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{backend.Location}/config: {e.Message}", e);
        }
        config.Validate();
        var index = await MasterIndex.LoadAsync(backend, cancellationToken).ConfigureAwait(false);
        return new BlobStore(backend, config, index, time);
    }

    /// <summary>Stores the files and folders at <paramref name="paths"/> as one new snapshot.</summary>
    public async Task<AddResult> AddAsync(IReadOnlyList<string> paths, AddOptions options, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        await using var lease = await StoreLock.TakeAsync(Backend, "add", Time, cancellationToken).ConfigureAwait(false);
        // Read after the lock is visible: a GC that published its condemned set before listing locks either waits
        // for this add or is seen here (see GarbageCollector).
        var condemned = await GarbageCollector.ReadCondemnedAsync(Backend, cancellationToken).ConfigureAwait(false);
        _workspace ??= new AddWorkspace(Config);
        var adder = new Adder(this, _workspace, condemned);
        return await adder.RunAsync(paths, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the store half of a deduplicated upload (see <see cref="Uploads.UploadSession"/>).</summary>
    public async Task<Uploads.UploadSession> BeginUploadAsync(CancellationToken cancellationToken)
    {
        var lease = await StoreLock.TakeAsync(Backend, "add", Time, cancellationToken).ConfigureAwait(false);
        var condemned = await GarbageCollector.ReadCondemnedAsync(Backend, cancellationToken).ConfigureAwait(false);
        _workspace ??= new AddWorkspace(Config);
        _workspace.Pack.Reset();
        return new Uploads.UploadSession(this, lease, new StoreSink(this, _workspace, condemned));
    }

    /// <summary>A blob's content, checked against its id.</summary>
    public async Task<byte[]> ReadBlobAsync(BlobId id, CancellationToken cancellationToken)
    {
        if (!Index.TryGet(id, out var location))
        {
            throw new CorruptObjectException($"blob {id} is not in any index of {Backend.Location}");
        }
        byte[] stored;
        try
        {
            stored = await Backend.GetRangeAsync(ObjectKind.Pack, location.Pack, location.Entry.Offset, location.Entry.StoredLength, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            // A GC may have moved it since this store was opened: look again once.
            await ReloadIndexAsync(cancellationToken).ConfigureAwait(false);
            if (!Index.TryGet(id, out location))
            {
                throw new CorruptObjectException($"blob {id}: its pack is missing");
            }
            stored = await Backend.GetRangeAsync(ObjectKind.Pack, location.Pack, location.Entry.Offset, location.Entry.StoredLength, cancellationToken).ConfigureAwait(false);
        }
        return _reader.Decode(location.Pack, location.Entry, stored);
    }

    /// <summary>The ids of a file's chunks, in order.</summary>
    public async Task<IReadOnlyList<BlobId>> ChunksOfAsync(SnapshotEntry file, CancellationToken cancellationToken)
    {
        if (file.Content is null)
        {
            return [];
        }
        var id = BlobId.Parse(file.Content);
        if (!file.ChunkList)
        {
            return [id];
        }
        var list = await ReadBlobAsync(id, cancellationToken).ConfigureAwait(false);
        return ListBlob.Parse(id, list);
    }

    public async Task ReloadIndexAsync(CancellationToken cancellationToken) =>
        Index = await MasterIndex.LoadAsync(Backend, cancellationToken).ConfigureAwait(false);

    public async Task<List<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var o in Backend.ListAsync(ObjectKind.Snapshot, cancellationToken).ConfigureAwait(false))
        {
            names.Add(o.Name);
        }
        var result = new List<SnapshotInfo>(names.Count);
        foreach (var name in names)
        {
            try
            {
                var bytes = await Backend.GetAsync(ObjectKind.Snapshot, name, cancellationToken).ConfigureAwait(false);
                result.Add(new SnapshotInfo(name, SnapshotCodec.Decode(name, bytes, checkName: false)));
            }
            catch (ObjectNotFoundException)
            {
                // Removed by retention between list and get.
            }
        }
        return [.. result.OrderBy(s => s.Snapshot.Time).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The snapshot whose id is or starts with <paramref name="idOrPrefix"/> (at least 4 hex digits, unambiguous).</summary>
    public async Task<SnapshotInfo> FindSnapshotAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        if (idOrPrefix.Length < 4)
        {
            throw new ArgumentException($"snapshot '{idOrPrefix}': give at least 4 hex digits of its id");
        }
        var matches = new List<string>();
        await foreach (var o in Backend.ListAsync(ObjectKind.Snapshot, cancellationToken).ConfigureAwait(false))
        {
            if (o.Name.StartsWith(idOrPrefix, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(o.Name);
            }
        }
        return matches.Count switch
        {
            0 => throw new ArgumentException($"snapshot '{idOrPrefix}': no such snapshot in {Backend.Location}"),
            > 1 => throw new ArgumentException($"snapshot '{idOrPrefix}': ambiguous ({string.Join(", ", matches.Take(5).Select(m => m[..12]))}); give more digits"),
            _ => new SnapshotInfo(matches[0], SnapshotCodec.Decode(matches[0], await Backend.GetAsync(ObjectKind.Snapshot, matches[0], cancellationToken).ConfigureAwait(false), checkName: true)),
        };
    }

    public void Dispose()
    {
        _reader.Dispose();
        _workspace?.Dispose();
    }
}

using Vigil.Blobs;
using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;
using Vigil.Blobs.Uploads;

namespace Vigil.Server.Bundles;

/// <summary>
/// The server's single-instance store (DATA/blobs), opened once and kept open so its index stays in memory. A
/// <see cref="BlobStore"/> does one thing at a time, so every call takes turns here. Agents' blobs go into one
/// shared <see cref="UploadSession"/>: blobs from many agents fill the same packs, and a blob that arrived is
/// deduplicated against at once, even before its pack is sealed. A commit seals the pack and writes the snapshot;
/// the session is then closed (its lock released), and maintenance closes it before a GC, so a GC never waits on it.
/// </summary>
public sealed class BundleBlobs(ServerOptions options, TimeProvider time) : IAsyncDisposable
{
    private const int MaxTrackedUploads = 4096;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Dictionary<string, HashSet<BlobId>> _wanted = new(StringComparer.Ordinal);
    private BlobStore? _store;
    private UploadSession? _session;

    public string Location => options.BlobsPath;

    /// <summary>The ids the store lacks; <paramref name="upload"/> names the bundle, so its commit can tell which bytes were new.</summary>
    public Task<IReadOnlyList<BlobId>> MissingAsync(string upload, IReadOnlyList<BlobId> ids, CancellationToken cancellationToken) => TurnAsync(async store =>
    {
        var session = await SessionAsync(store, cancellationToken).ConfigureAwait(false);
        var missing = session.Missing(ids);
        if (!_wanted.TryGetValue(upload, out var wanted))
        {
            if (_wanted.Count >= MaxTrackedUploads)
            {
                _wanted.Clear(); // abandoned uploads; their commits report 0 new bytes
            }
            _wanted[upload] = wanted = [];
        }
        wanted.UnionWith(missing);
        return missing;
    }, cancellationToken);

    /// <summary>Stores one blob, checked against its id (<see cref="CorruptObjectException"/> when it does not match).</summary>
    public Task PutAsync(BlobId id, BlobType type, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken) => TurnAsync(async store =>
    {
        var session = await SessionAsync(store, cancellationToken).ConfigureAwait(false);
        await session.PutAsync(id, type, raw, cancellationToken).ConfigureAwait(false);
        return true;
    }, cancellationToken);

    /// <summary>
    /// Writes the snapshot once every blob it names is stored, and returns its id and the uncompressed bytes that were
    /// new for this upload. <see cref="InvalidDataException"/> when blobs are missing (nothing is written).
    /// </summary>
    public Task<(string SnapshotId, long NewBytes)> CommitAsync(string upload, Snapshot snapshot, CancellationToken cancellationToken) => TurnAsync(async store =>
    {
        var session = await SessionAsync(store, cancellationToken).ConfigureAwait(false);
        string id;
        try
        {
            id = await session.CommitAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CloseSessionAsync().ConfigureAwait(false);
        }
        long newBytes = 0;
        if (_wanted.Remove(upload, out var wanted))
        {
            foreach (var blob in wanted)
            {
                newBytes += store.Index.TryGet(blob, out var location) ? location.Entry.RawLength : 0;
            }
        }
        return (id, newBytes);
    }, cancellationToken);

    public Task<SnapshotInfo> SnapshotAsync(string id, CancellationToken cancellationToken) =>
        TurnAsync(store => store.FindSnapshotAsync(id, cancellationToken), cancellationToken);

    /// <summary>A file's content, at most <paramref name="limit"/> bytes of it (whole chunks, cut to the limit); every chunk is checked against its id.</summary>
    public Task<byte[]> ReadFileAsync(SnapshotEntry file, long limit, CancellationToken cancellationToken) => TurnAsync(async store =>
    {
        using var content = new MemoryStream((int)Math.Min(Math.Min(file.Size, limit), int.MaxValue / 2));
        foreach (var chunk in await store.ChunksOfAsync(file, cancellationToken).ConfigureAwait(false))
        {
            if (content.Length >= limit)
            {
                break;
            }
            var bytes = await store.ReadBlobAsync(chunk, cancellationToken).ConfigureAwait(false);
            content.Write(bytes, 0, (int)Math.Min(bytes.Length, limit - content.Length));
        }
        return content.ToArray();
    }, cancellationToken);

    public Task<StoreStats> StatsAsync(CancellationToken cancellationToken) =>
        TurnAsync(store => StoreStats.ComputeAsync(store, cancellationToken), cancellationToken);

    /// <summary>Removes the snapshots <paramref name="retention"/> does not keep and reclaims their space; null when it keeps everything (no GC runs).</summary>
    public Task<GcResult?> ApplyRetentionAsync(RetentionPolicy retention, CancellationToken cancellationToken) => TurnAsync(async store =>
    {
        await CloseSessionAsync().ConfigureAwait(false);
        var snapshots = await store.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        if (retention.ToRemove(snapshots, time.GetUtcNow()).Count == 0)
        {
            return null;
        }
        var result = await new GarbageCollector(store).RunAsync(new GcOptions { Retention = retention }, null, cancellationToken).ConfigureAwait(false);
        return (GcResult?)result;
    }, cancellationToken);

    /// <summary>Seals what arrived and releases the session's lock (maintenance calls it, so blobs of abandoned uploads are not held in memory).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => TurnAsync(async _ =>
    {
        await CloseSessionAsync().ConfigureAwait(false);
        return true;
    }, cancellationToken);

    private async Task<T> TurnAsync<T>(Func<BlobStore, Task<T>> work, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _store ??= await BlobStore.OpenAsync(new FileSystemBackend(options.BlobsPath), time, create: true, cancellationToken).ConfigureAwait(false);
            return await work(_store).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<UploadSession> SessionAsync(BlobStore store, CancellationToken cancellationToken) =>
        _session ??= await store.BeginUploadAsync(cancellationToken).ConfigureAwait(false);

    private async Task CloseSessionAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseSessionAsync().ConfigureAwait(false);
            _store?.Dispose();
            _store = null;
        }
        finally
        {
            _turn.Release();
        }
    }
}

using Vigil.Blobs.Locking;
using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs.Uploads;

/// <summary>
/// The store half of deduplicated upload (the server's side). The client says which blob ids its snapshot needs;
/// <see cref="Missing"/> answers with the ones the store lacks; the client sends only those
/// (<see cref="PutAsync"/>, each checked against its id), then the snapshot (<see cref="CommitAsync"/>), which is
/// refused while any blob it names is absent. Blobs are written in whole, indexed packs as they arrive, so an upload
/// cut off half-way resumes: a new session's <see cref="Missing"/> no longer lists what already arrived.
/// The session holds an add lock, so a GC running meanwhile never deletes what it deduplicated against.
/// </summary>
public sealed class UploadSession : IAsyncDisposable
{
    private readonly BlobStore _store;
    private readonly StoreLock _lock;
    private readonly StoreSink _sink;

    internal UploadSession(BlobStore store, StoreLock lease, StoreSink sink)
    {
        _store = store;
        _lock = lease;
        _sink = sink;
    }

    public long NewRawBytes => _sink.NewRawBytes;

    public IReadOnlyList<BlobId> Missing(IEnumerable<BlobId> ids) => [.. ids.Distinct().Where(id => !_sink.Holds(id))];

    public Task PutAsync(BlobId id, BlobType type, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        if (BlobId.Compute(raw.Span) != id)
        {
            throw new CorruptObjectException($"uploaded blob {id} ({raw.Length} bytes) does not hash to its id; refused");
        }
        if (type == BlobType.List && raw.Length % BlobId.Size != 0)
        {
            throw new CorruptObjectException($"uploaded list blob {id}: {raw.Length} bytes is not a whole number of ids; refused");
        }
        return _sink.PutAsync(id, type, raw, cancellationToken);
    }

    /// <summary>Writes the snapshot once every blob it names is stored; returns its id.</summary>
    public async Task<string> CommitAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        await _sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        var needed = new List<BlobId>();
        foreach (var file in snapshot.Files.Where(f => f.Content is not null))
        {
            if (!BlobId.TryParse(file.Content, out var id))
            {
                throw new InvalidDataException($"snapshot file '{file.Path}': content '{file.Content}' is not a blob id");
            }
            needed.Add(id);
            if (file.ChunkList && _sink.Holds(id))
            {
                needed.AddRange(await _store.ChunksOfAsync(file, cancellationToken).ConfigureAwait(false));
            }
        }
        var missing = Missing(needed);
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"snapshot refused: {missing.Count} blob(s) it names are not stored yet, first {missing[0]}");
        }
        return await _sink.CommitAsync(snapshot, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Blobs received but not committed are flushed, so a resumed upload does not send them again.
        await _sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
    }
}

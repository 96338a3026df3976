namespace Vigil.Blobs.Uploads;

/// <summary>Keeps one copy of each distinct blob in memory, for a client that uploads only what the server lacks.</summary>
internal sealed class MemorySink : IBlobSink
{
    public Dictionary<BlobId, PreparedBlob> Blobs { get; } = [];

    public Task PutAsync(BlobId id, BlobType type, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        if (!Blobs.ContainsKey(id))
        {
            Blobs[id] = new PreparedBlob(type, raw.ToArray());
        }
        return Task.CompletedTask;
    }
}

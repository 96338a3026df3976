namespace Vigil.Blobs;

/// <summary>Where chunked blobs go: the store itself (an add), or a client preparing an upload.</summary>
internal interface IBlobSink
{
    /// <summary>Takes the blob, or ignores it when it already holds it. <paramref name="raw"/> is only valid during the call.</summary>
    Task PutAsync(BlobId id, BlobType type, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken);
}

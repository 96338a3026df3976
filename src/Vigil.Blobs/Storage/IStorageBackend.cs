namespace Vigil.Blobs.Storage;

/// <summary>
/// Where a store's objects live, shaped after S3-compatible object storage: whole-object puts, whole or ranged
/// gets, listing by kind, idempotent deletes; no rename, no append, no partial write.
/// </summary>
/// <remarks>
/// Contract every implementation keeps: a put is atomic (a reader sees the previous object, no object, or all of
/// the new one, never a prefix), and once it returns the object is durable and visible to every later list or get.
/// A put that runs out of space throws <see cref="StoreFullException"/> and leaves no partial object behind.
/// A get of an absent object throws <see cref="ObjectNotFoundException"/>.
/// </remarks>
public interface IStorageBackend
{
    /// <summary>Human-readable location, for messages (a folder, a bucket URL).</summary>
    string Location { get; }

    Task PutAsync(ObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<byte[]> GetAsync(ObjectKind kind, string name, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="length"/> bytes from <paramref name="offset"/>; fewer when the object ends first.</summary>
    Task<byte[]> GetRangeAsync(ObjectKind kind, string name, long offset, int length, CancellationToken cancellationToken);

    IAsyncEnumerable<StoredObject> ListAsync(ObjectKind kind, CancellationToken cancellationToken);

    /// <summary>Deletes the object; deleting an absent object is not an error.</summary>
    Task DeleteAsync(ObjectKind kind, string name, CancellationToken cancellationToken);
}

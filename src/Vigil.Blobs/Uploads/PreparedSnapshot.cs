using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs.Uploads;

/// <summary>A snapshot chunked on the client, before any upload: the snapshot itself and every distinct blob it names.</summary>
public sealed record PreparedSnapshot(Snapshot Snapshot, IReadOnlyDictionary<BlobId, PreparedBlob> Blobs)
{
    public long RawBytes => Blobs.Values.Sum(b => (long)b.Raw.Length);
}

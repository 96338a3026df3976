namespace Vigil.Blobs;

/// <summary>A list blob: the 32-byte ids of a file's chunks, concatenated in order.</summary>
internal static class ListBlob
{
    public static List<BlobId> Parse(BlobId id, ReadOnlySpan<byte> content)
    {
        if (content.Length % BlobId.Size != 0)
        {
            throw new CorruptObjectException($"list blob {id}: {content.Length} bytes is not a whole number of ids");
        }
        var ids = new List<BlobId>(content.Length / BlobId.Size);
        for (var at = 0; at < content.Length; at += BlobId.Size)
        {
            ids.Add(BlobId.FromBytes(content[at..]));
        }
        return ids;
    }
}

namespace Vigil.Blobs.Packs;

/// <summary>Where one blob lies in a pack: <paramref name="Offset"/> is the first byte of its stored bytes (after the header).</summary>
public readonly record struct PackEntry(BlobId Id, BlobType Type, Compression Compression, int Offset, int RawLength, int StoredLength);

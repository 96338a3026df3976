using Vigil.Blobs.Packs;

namespace Vigil.Blobs.Indexing;

/// <summary>Where a blob is stored: its pack (by name) and its entry there.</summary>
public readonly record struct BlobLocation(string Pack, PackEntry Entry);

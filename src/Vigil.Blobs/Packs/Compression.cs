namespace Vigil.Blobs.Packs;

/// <summary>How a blob's bytes are stored in its pack.</summary>
public enum Compression : byte
{
    None = 0,
    Zstd = 1,
}

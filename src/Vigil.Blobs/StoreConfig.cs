using Vigil.Blobs.Chunking;

namespace Vigil.Blobs;

/// <summary>The store's <c>config</c> object: written once at creation, read by every open.</summary>
public sealed record StoreConfig
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public int ChunkMinSize { get; init; } = 2 * 1024;

    public int ChunkAverageSize { get; init; } = 8 * 1024;

    public int ChunkMaxSize { get; init; } = 64 * 1024;

    /// <summary>zstd level for chunks (default 3).</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>A pack is sealed once it holds this many bytes (default 16 MiB).</summary>
    public int PackSize { get; init; } = 16 * 1024 * 1024;

    public ChunkerOptions Chunker => new() { MinSize = ChunkMinSize, AverageSize = ChunkAverageSize, MaxSize = ChunkMaxSize };

    public void Validate()
    {
        if (Version != CurrentVersion)
        {
            throw new InvalidDataException($"config: version {Version} is not supported (this build reads version {CurrentVersion})");
        }
        Chunker.Validate();
        if (CompressionLevel is < 1 or > 19)
        {
            throw new InvalidDataException($"config: compression_level {CompressionLevel} must be between 1 and 19");
        }
        if (PackSize < 64 * 1024 || PackSize > 256 * 1024 * 1024)
        {
            throw new InvalidDataException($"config: pack_size {PackSize} must be between 64 KiB and 256 MiB");
        }
    }
}

namespace Vigil.Blobs.Chunking;

/// <summary>Content-defined chunk sizes. Stored in the store's config: changing them for an existing store would break deduplication.</summary>
public sealed record ChunkerOptions
{
    /// <summary>No cut before this many bytes (default 2 KiB).</summary>
    public int MinSize { get; init; } = 2 * 1024;

    /// <summary>Target average chunk size, a power of two (default 8 KiB).</summary>
    public int AverageSize { get; init; } = 8 * 1024;

    /// <summary>A cut is forced here (default 64 KiB).</summary>
    public int MaxSize { get; init; } = 64 * 1024;

    public void Validate()
    {
        if (AverageSize < 256 || (AverageSize & (AverageSize - 1)) != 0)
        {
            throw new ArgumentException($"chunker.avg_size: {AverageSize} must be a power of two of at least 256");
        }
        if (MinSize < 64 || MinSize >= AverageSize)
        {
            throw new ArgumentException($"chunker.min_size: {MinSize} must be at least 64 and below avg_size {AverageSize}");
        }
        if (MaxSize <= AverageSize || MaxSize > 16 * 1024 * 1024)
        {
            throw new ArgumentException($"chunker.max_size: {MaxSize} must be above avg_size {AverageSize} and at most 16 MiB");
        }
    }
}

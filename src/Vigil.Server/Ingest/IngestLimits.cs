namespace Vigil.Server.Ingest;

/// <summary><c>ingest</c>: bounds on what one batch may cost the server.</summary>
public sealed record IngestLimits
{
    /// <summary><c>max_body</c>: compressed request body (default 8 MiB). Larger → 413.</summary>
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;
    /// <summary><c>max_decompressed</c>: JSON after decompression (default 64 MiB); guards against compression bombs.</summary>
    public long MaxDecompressedBytes { get; init; } = 64 * 1024 * 1024;
    /// <summary><c>max_records</c>: records in one batch (default 10,000).</summary>
    public int MaxRecords { get; init; } = 10_000;
    /// <summary><c>max_samples</c>: metric samples in one batch (default 200,000).</summary>
    public int MaxSamples { get; init; } = 200_000;
}

namespace Vigil.Server.Bundles;

/// <summary>One bundle the server holds: its manifest's headline facts, the snapshot that keeps its files, and what it cost to store.</summary>
public sealed record StoredBundle
{
    public required string Id { get; init; }
    public required string AgentId { get; init; }
    public required string Host { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset Received { get; init; }
    public required string Profile { get; init; }
    public required string Trigger { get; init; }
    public required string SnapshotId { get; init; }
    /// <summary>Bytes of the bundle's files.</summary>
    public long LogicalBytes { get; init; }
    /// <summary>Uncompressed bytes of the chunks this bundle was the first to bring.</summary>
    public long NewBytes { get; init; }
    public int FileCount { get; init; }
    public int Redactions { get; init; }
    /// <summary>The manifest's problems, as JSON (most severe first).</summary>
    public required string ProblemsJson { get; init; }
    /// <summary>The whole manifest, as JSON.</summary>
    public required string ManifestJson { get; init; }
}

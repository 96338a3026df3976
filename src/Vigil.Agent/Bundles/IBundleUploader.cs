namespace Vigil.Agent.Bundles;

/// <summary>
/// Sends a finished bundle file to the server this agent is enrolled with, deduplicated: only the chunks the server
/// lacks travel, and an interrupted upload resumes. Used by <c>vigil-agent collect --upload</c> and the
/// <c>collect-bundle</c> action.
/// </summary>
public interface IBundleUploader : IDisposable
{
    Task<BundleUploadResult> UploadAsync(string bundleFile, IProgress<BundleUploadProgress>? progress, CancellationToken cancellationToken);
}

/// <param name="BundleId">The manifest's id.</param>
/// <param name="SnapshotId">The server's snapshot id for it.</param>
/// <param name="LogicalBytes">Bytes of the bundle's files.</param>
/// <param name="SentBytes">Bytes of chunks actually sent (the rest the server already had).</param>
public sealed record BundleUploadResult(string BundleId, string SnapshotId, long LogicalBytes, long SentBytes, int ChunksSent, int ChunksTotal);

public sealed record BundleUploadProgress(string Phase, long Done, long Total);

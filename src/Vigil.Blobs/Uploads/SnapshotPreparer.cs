using Vigil.Blobs.Chunking;
using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs.Uploads;

/// <summary>
/// The client half of deduplicated upload (the agent's side): chunk and hash files locally, with the chunk sizes of
/// the store they go to, without a store. The client then asks which ids the store lacks
/// (<see cref="UploadSession.Missing"/>) and sends only those.
/// </summary>
public static class SnapshotPreparer
{
    public static async Task<PreparedSnapshot> PrepareAsync(IReadOnlyList<string> paths, AddOptions options, ChunkerOptions chunking, TimeProvider time, CancellationToken cancellationToken)
    {
        var sink = new MemorySink();
        var chunker = new FileChunker(new FastCdc(chunking), new byte[Math.Max(1024 * 1024, chunking.MaxSize * 2)]);
        var entries = new List<SnapshotEntry>();
        foreach (var input in InputWalker.Walk(paths))
        {
            entries.Add(await chunker.ChunkAsync(input, sink, cancellationToken).ConfigureAwait(false));
        }
        var snapshot = new Snapshot
        {
            Time = options.Time ?? time.GetUtcNow(),
            Host = options.Host ?? Environment.MachineName,
            Paths = [.. paths.Select(Path.GetFullPath)],
            Tags = options.Tags,
            LogicalBytes = entries.Where(e => e.Type == "file").Sum(e => e.Size),
            Files = entries,
        };
        return new PreparedSnapshot(snapshot, sink.Blobs);
    }
}

using System.Diagnostics;
using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs;

/// <summary>
/// One add: walk the inputs, chunk and hash every file, keep only the blobs the store lacks (see
/// <see cref="StoreSink"/>), then write the snapshot last.
/// </summary>
internal sealed class Adder(BlobStore store, AddWorkspace workspace, IReadOnlySet<BlobId> condemned)
{
    public async Task<AddResult> RunAsync(IReadOnlyList<string> paths, AddOptions options, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        workspace.Pack.Reset();
        var sink = new StoreSink(store, workspace, condemned);
        var chunker = new FileChunker(workspace.Chunker, workspace.Buffer);
        var inputs = InputWalker.Walk(paths);
        var total = inputs.Sum(i => i.Info is FileInfo f && f.LinkTarget is null ? f.Length : 0);
        var done = 0L;
        var entries = new List<SnapshotEntry>(inputs.Count);
        foreach (var input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = await chunker.ChunkAsync(input, sink, cancellationToken).ConfigureAwait(false);
            entries.Add(entry);
            if (entry.Type == "file")
            {
                done += entry.Size;
                progress?.Report(new StoreProgress("add", done, total, input.RelativePath));
            }
        }
        var snapshot = new Snapshot
        {
            Time = options.Time ?? store.Time.GetUtcNow(),
            Host = options.Host ?? Environment.MachineName,
            Paths = [.. paths.Select(Path.GetFullPath)],
            Tags = options.Tags,
            LogicalBytes = done,
            Files = entries,
        };
        var name = await sink.CommitAsync(snapshot, cancellationToken).ConfigureAwait(false);
        await Maintenance.IndexCompactor.TryCompactAsync(store, cancellationToken).ConfigureAwait(false);
        return new AddResult
        {
            SnapshotId = name,
            Files = entries.Count(e => e.Type == "file"),
            LogicalBytes = done,
            NewBlobs = sink.NewBlobs,
            NewRawBytes = sink.NewRawBytes,
            StoredBytes = sink.StoredBytes,
            Elapsed = clock.Elapsed,
        };
    }
}

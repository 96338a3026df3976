using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs.Restoring;

/// <summary>
/// Writes a snapshot's files under a target folder. Every path is checked before anything is written, every chunk is
/// checked against its id as it is read, and symlinks are created last so no file is ever written through one.
/// </summary>
public sealed class Restorer(BlobStore store)
{
    public async Task<RestoreResult> RunAsync(SnapshotInfo snapshot, string target, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(target);
        var plan = snapshot.Snapshot.Files.Select(f => (Entry: f, Full: RestorePaths.Resolve(root, f.Path))).ToList();
        Directory.CreateDirectory(root);
        var total = plan.Where(p => p.Entry.Type == "file").Sum(p => p.Entry.Size);
        long done = 0;
        int files = 0, folders = 0, links = 0;
        foreach (var (entry, full) in plan.Where(p => p.Entry.Type == "dir"))
        {
            RestorePaths.CheckParents(root, full);
            Directory.CreateDirectory(full);
            folders++;
        }
        foreach (var (entry, full) in plan.Where(p => p.Entry.Type == "file"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            RestorePaths.CheckParents(root, full);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (new FileInfo(full).LinkTarget is not null)
            {
                throw new UnsafePathException($"{full} exists as a symlink; refused, nothing is written through links");
            }
            long written = 0;
            await using (var output = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                foreach (var chunk in await store.ChunksOfAsync(entry, cancellationToken).ConfigureAwait(false))
                {
                    var bytes = await store.ReadBlobAsync(chunk, cancellationToken).ConfigureAwait(false);
                    await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    written += bytes.Length;
                }
            }
            if (written != entry.Size)
            {
                throw new CorruptObjectException($"snapshot {snapshot.Id}: '{entry.Path}' restored to {written} bytes, the snapshot says {entry.Size}");
            }
            File.SetUnixFileMode(full, (UnixFileMode)entry.Mode);
            File.SetLastWriteTimeUtc(full, entry.Mtime.UtcDateTime);
            files++;
            done += written;
            progress?.Report(new StoreProgress("restore", done, total, entry.Path));
        }
        foreach (var (entry, full) in plan.Where(p => p.Entry.Type == "symlink"))
        {
            RestorePaths.CheckParents(root, full);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (File.Exists(full) || Directory.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                File.Delete(full);
            }
            File.CreateSymbolicLink(full, entry.Target ?? "");
            links++;
        }
        foreach (var (entry, full) in plan.Where(p => p.Entry.Type == "dir"))
        {
            File.SetUnixFileMode(full, (UnixFileMode)entry.Mode);
        }
        return new RestoreResult(files, folders, links, done);
    }
}

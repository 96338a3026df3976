using System.Runtime.CompilerServices;

namespace Vigil.Blobs.Storage;

/// <summary>
/// A store in a local folder: <c>config</c>, <c>packs/xx/NAME</c> (sharded by the first two hex digits),
/// <c>index/</c>, <c>snapshots/</c>, <c>locks/</c>, <c>state/</c>. Puts go to <c>tmp/</c>, are fsynced, then renamed
/// into place and the folder fsynced, so a crash leaves either the whole object or only a temporary file.
/// </summary>
public sealed class FileSystemBackend : IStorageBackend
{
    private const int ENOSPC = 28;
    private const int EDQUOT = 122;
    private readonly string _root;

    public FileSystemBackend(string root)
    {
        _root = Path.GetFullPath(root);
    }

    public string Location => _root;

    public string Root => _root;

    public async Task PutAsync(ObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // A lock need not survive a crash (the crash makes it stale anyway), so it skips both fsyncs.
        var durable = kind != ObjectKind.Lock;
        var final = PathOf(kind, name);
        var folder = Path.GetDirectoryName(final)!;
        var tmpFolder = Path.Combine(_root, "tmp");
        var tmp = Path.Combine(tmpFolder, $"{name}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            Directory.CreateDirectory(tmpFolder);
            using (var handle = File.OpenHandle(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, content.Length))
            {
                await RandomAccess.WriteAsync(handle, content, 0, cancellationToken).ConfigureAwait(false);
                if (durable)
                {
                    RandomAccess.FlushToDisk(handle);
                }
            }
            File.Move(tmp, final, overwrite: true);
            if (durable)
            {
                SyncFolder(folder);
            }
        }
        catch (IOException e) when (IsOutOfSpace(e))
        {
            TryDelete(tmp);
            throw new StoreFullException($"no space left on the device of {_root} while writing {kind.ToString().ToLowerInvariant()} {name} ({content.Length} bytes); nothing was half-written", e);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    public async Task<byte[]> GetAsync(ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(kind, name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException($"{kind.ToString().ToLowerInvariant()} {name} is missing from {_root}");
        }
    }

    public async Task<byte[]> GetRangeAsync(ObjectKind kind, string name, long offset, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var handle = File.OpenHandle(PathOf(kind, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var size = RandomAccess.GetLength(handle);
            var available = (int)Math.Clamp(size - offset, 0, length);
            var buffer = new byte[available];
            var read = 0;
            while (read < available)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read), offset + read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            return read == available ? buffer : buffer[..read];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException($"{kind.ToString().ToLowerInvariant()} {name} is missing from {_root}");
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(ObjectKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (kind == ObjectKind.Config)
        {
            var config = new FileInfo(Path.Combine(_root, "config"));
            if (config.Exists)
            {
                yield return new StoredObject("config", config.Length, config.LastWriteTimeUtc);
            }
            yield break;
        }
        var folder = new DirectoryInfo(Path.Combine(_root, FolderOf(kind)));
        if (!folder.Exists)
        {
            yield break;
        }
        var search = kind == ObjectKind.Pack ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        foreach (var file in folder.EnumerateFiles("*", search))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredObject(file.Name, file.Length, file.LastWriteTimeUtc);
        }
    }

    public Task DeleteAsync(ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        var path = PathOf(kind, name);
        File.Delete(path);
        return Task.CompletedTask;
    }

    /// <summary>Removes temporary files that interrupted puts left behind before <paramref name="olderThanUtc"/>.</summary>
    public int CleanTemporaryFiles(DateTime olderThanUtc)
    {
        var tmp = new DirectoryInfo(Path.Combine(_root, "tmp"));
        if (!tmp.Exists)
        {
            return 0;
        }
        var count = 0;
        foreach (var file in tmp.EnumerateFiles().Where(f => f.LastWriteTimeUtc < olderThanUtc))
        {
            file.Delete();
            count++;
        }
        return count;
    }

    public string PathOf(ObjectKind kind, string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('.'))
        {
            throw new ArgumentException($"'{name}' is not a valid object name", nameof(name));
        }
        return kind switch
        {
            ObjectKind.Config => Path.Combine(_root, "config"),
            ObjectKind.Pack => Path.Combine(_root, "packs", name[..2], name),
            _ => Path.Combine(_root, FolderOf(kind), name),
        };
    }

    private static string FolderOf(ObjectKind kind) => kind switch
    {
        ObjectKind.Pack => "packs",
        ObjectKind.Index => "index",
        ObjectKind.Snapshot => "snapshots",
        ObjectKind.Lock => "locks",
        ObjectKind.State => "state",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static bool IsOutOfSpace(IOException e) => (e.HResult & 0xFFFF) is ENOSPC or EDQUOT
        || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("disk was full", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("Disk quota", StringComparison.OrdinalIgnoreCase);

    private static void SyncFolder(string folder)
    {
        // fsync of the folder makes the rename durable (.NET cannot open a folder, so this goes to libc).
        var fd = Posix.Open(folder, Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_CLOEXEC);
        if (fd >= 0)
        {
            _ = Posix.Fsync(fd);
            _ = Posix.Close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using Vigil.Blobs.Chunking;
using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs;

/// <summary>
/// Turns one input path into its snapshot entry: a file is read in 1 MiB windows, cut into content-defined chunks,
/// each chunk hashed and handed to the sink; a file of several chunks also yields its list blob.
/// </summary>
internal sealed class FileChunker(FastCdc chunker, byte[] buffer)
{
    private readonly List<BlobId> _chunks = [];

    public async Task<SnapshotEntry> ChunkAsync(InputEntry input, IBlobSink sink, CancellationToken cancellationToken)
    {
        var info = input.Info;
        var mode = (int)info.UnixFileMode;
        var mtime = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        if (info.LinkTarget is { } target)
        {
            return new SnapshotEntry { Path = input.RelativePath, Type = "symlink", Mode = mode, Mtime = mtime, Target = target };
        }
        if (info is DirectoryInfo)
        {
            return new SnapshotEntry { Path = input.RelativePath, Type = "dir", Mode = mode, Mtime = mtime };
        }
        var (size, content, isList) = await ChunkFileAsync(info.FullName, sink, cancellationToken).ConfigureAwait(false);
        return new SnapshotEntry
        {
            Path = input.RelativePath,
            Type = "file",
            Mode = mode,
            Mtime = mtime,
            Size = size,
            Content = content?.ToHex(),
            ChunkList = isList,
        };
    }

    private async Task<(long Size, BlobId? Content, bool IsList)> ChunkFileAsync(string path, IBlobSink sink, CancellationToken cancellationToken)
    {
        _chunks.Clear();
        long size = 0;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var filled = 0;
            var eof = false;
            while (true)
            {
                while (!eof && filled < buffer.Length)
                {
                    var n = RandomAccess.Read(handle, buffer.AsSpan(filled), size + filled);
                    eof = n == 0;
                    filled += n;
                }
                var start = 0;
                while (filled - start >= chunker.MaxSize || (eof && filled > start))
                {
                    var cut = chunker.Cut(buffer.AsSpan(start, filled - start));
                    var id = BlobId.Compute(buffer.AsSpan(start, cut));
                    _chunks.Add(id);
                    await sink.PutAsync(id, BlobType.Data, buffer.AsMemory(start, cut), cancellationToken).ConfigureAwait(false);
                    start += cut;
                }
                size += start;
                if (eof)
                {
                    break;
                }
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        if (_chunks.Count <= 1)
        {
            return (size, _chunks.Count == 0 ? null : _chunks[0], false);
        }
        var list = new byte[_chunks.Count * BlobId.Size];
        for (var i = 0; i < _chunks.Count; i++)
        {
            _chunks[i].WriteTo(list.AsSpan(i * BlobId.Size));
        }
        var listId = BlobId.Compute(list);
        await sink.PutAsync(listId, BlobType.List, list, cancellationToken).ConfigureAwait(false);
        return (size, listId, true);
    }
}

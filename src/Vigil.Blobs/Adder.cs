using System.Diagnostics;
using Vigil.Blobs.Chunking;
using Vigil.Blobs.Indexing;
using Vigil.Blobs.Packs;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs;

/// <summary>
/// One add: walk the inputs, cut each file into content-defined chunks, hash them, keep only the chunks the store
/// lacks (compressed when that pays) in packs, then write the snapshot. Each sealed pack is followed by its own index
/// file, so an interrupted add leaves whole packs that the next add deduplicates against; the snapshot is written
/// last, so a snapshot never names a blob that is not stored.
/// </summary>
internal sealed class Adder
{
    private readonly BlobStore _store;
    private readonly IReadOnlySet<BlobId> _condemned;
    private readonly FastCdc _chunker;
    private readonly BlobCodec _codec;
    private readonly PackBuilder _pack;
    private readonly HashSet<BlobId> _pending = [];
    private readonly byte[] _buffer;
    private readonly List<BlobId> _fileChunks = [];
    private long _storedBytes;
    private long _newRawBytes;
    private int _newBlobs;

    public Adder(BlobStore store, AddWorkspace workspace, IReadOnlySet<BlobId> condemned)
    {
        _store = store;
        _condemned = condemned;
        _chunker = workspace.Chunker;
        _codec = workspace.Codec;
        _pack = workspace.Pack;
        _pack.Reset();
        _buffer = workspace.Buffer;
    }

    public async Task<AddResult> RunAsync(IReadOnlyList<string> paths, AddOptions options, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var inputs = InputWalker.Walk(paths);
        var total = inputs.Sum(i => i.Info is FileInfo f && f.LinkTarget is null ? f.Length : 0);
        var done = 0L;
        var entries = new List<SnapshotEntry>(inputs.Count);
        foreach (var input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = await StoreEntryAsync(input, cancellationToken).ConfigureAwait(false);
            entries.Add(entry);
            if (entry.Type == "file")
            {
                done += entry.Size;
                progress?.Report(new StoreProgress("add", done, total, input.RelativePath));
            }
        }
        await FlushPackAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = new Snapshot
        {
            Time = options.Time ?? _store.Time.GetUtcNow(),
            Host = options.Host ?? Environment.MachineName,
            Paths = [.. paths.Select(Path.GetFullPath)],
            Tags = options.Tags,
            LogicalBytes = done,
            Files = entries,
        };
        var (name, bytes) = SnapshotCodec.Encode(snapshot);
        await _store.Backend.PutAsync(ObjectKind.Snapshot, name, bytes, cancellationToken).ConfigureAwait(false);
        _storedBytes += bytes.Length;
        return new AddResult
        {
            SnapshotId = name,
            Files = entries.Count(e => e.Type == "file"),
            LogicalBytes = done,
            NewBlobs = _newBlobs,
            NewRawBytes = _newRawBytes,
            StoredBytes = _storedBytes,
            Elapsed = clock.Elapsed,
        };
    }

    private async Task<SnapshotEntry> StoreEntryAsync(InputEntry input, CancellationToken cancellationToken)
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
        var (size, content, isList) = await StoreFileAsync(info.FullName, cancellationToken).ConfigureAwait(false);
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

    private async Task<(long Size, BlobId? Content, bool IsList)> StoreFileAsync(string path, CancellationToken cancellationToken)
    {
        _fileChunks.Clear();
        long size = 0;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var filled = 0;
            var eof = false;
            while (true)
            {
                while (!eof && filled < _buffer.Length)
                {
                    var n = RandomAccess.Read(handle, _buffer.AsSpan(filled), size + filled);
                    eof = n == 0;
                    filled += n;
                }
                var start = 0;
                while (filled - start >= _chunker.MaxSize || (eof && filled > start))
                {
                    var cut = _chunker.Cut(_buffer.AsSpan(start, filled - start));
                    await StoreBlobAsync(_buffer.AsMemory(start, cut), BlobType.Data, cancellationToken).ConfigureAwait(false);
                    start += cut;
                }
                size += start;
                if (eof)
                {
                    break;
                }
                _buffer.AsSpan(start, filled - start).CopyTo(_buffer);
                filled -= start;
            }
        }
        switch (_fileChunks.Count)
        {
            case 0:
                return (size, null, false);
            case 1:
                return (size, _fileChunks[0], false);
            default:
                var list = new byte[_fileChunks.Count * BlobId.Size];
                for (var i = 0; i < _fileChunks.Count; i++)
                {
                    _fileChunks[i].WriteTo(list.AsSpan(i * BlobId.Size));
                }
                _fileChunks.Clear();
                var id = await StoreBlobAsync(list, BlobType.List, cancellationToken).ConfigureAwait(false);
                return (size, id, true);
        }
    }

    private async Task<BlobId> StoreBlobAsync(ReadOnlyMemory<byte> raw, BlobType type, CancellationToken cancellationToken)
    {
        var id = BlobId.Compute(raw.Span);
        if (type == BlobType.Data)
        {
            _fileChunks.Add(id);
        }
        if (_pending.Contains(id) || (_store.Index.Contains(id) && !_condemned.Contains(id)))
        {
            return id;
        }
        var compressed = _codec.TryCompress(raw.Span);
        _pack.Add(id, type, compressed > 0 ? Compression.Zstd : Compression.None, raw.Length, compressed > 0 ? _codec.Compressed(compressed) : raw.Span);
        _pending.Add(id);
        _newBlobs++;
        _newRawBytes += raw.Length;
        if (_pack.Length >= _store.Config.PackSize)
        {
            await FlushPackAsync(cancellationToken).ConfigureAwait(false);
        }
        return id;
    }

    private async Task FlushPackAsync(CancellationToken cancellationToken)
    {
        if (_pack.Count == 0)
        {
            return;
        }
        var (packName, packBytes) = _pack.Seal();
        await _store.Backend.PutAsync(ObjectKind.Pack, packName, packBytes, cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, IReadOnlyList<PackEntry>>(StringComparer.Ordinal) { [packName] = [.. _pack.Entries] };
        var (indexName, indexBytes) = IndexFile.Encode(entries);
        await _store.Backend.PutAsync(ObjectKind.Index, indexName, indexBytes, cancellationToken).ConfigureAwait(false);
        _store.Index.Add(indexName, new Dictionary<string, List<PackEntry>>(StringComparer.Ordinal) { [packName] = [.. _pack.Entries] }, overwrite: true);
        _storedBytes += packBytes.Length + indexBytes.Length;
        _pending.Clear();
        _pack.Reset();
    }
}

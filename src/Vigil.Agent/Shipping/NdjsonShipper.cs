using Vigil.Agent.Spool;

namespace Vigil.Agent.Shipping;

/// <summary>
/// Writes each batch as one line of JSON to a stream (standard output or an append-only file) and acknowledges
/// once the stream is flushed — to disk for a file, so an acknowledged batch is never only in a page cache.
/// </summary>
public sealed class NdjsonShipper : IBatchShipper, IDisposable
{
    private readonly Stream _stream;
    private readonly bool _flushToDisk;

    private NdjsonShipper(Stream stream, bool flushToDisk, string destination)
    {
        _stream = stream;
        _flushToDisk = flushToDisk;
        Destination = destination;
    }

    public string Destination { get; }

    public static NdjsonShipper ToStandardOutput() => new(Console.OpenStandardOutput(), flushToDisk: false, "stdout");

    public static NdjsonShipper ToFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 64 * 1024);
        DropTornLine(stream);
        return new NdjsonShipper(stream, flushToDisk: true, $"file {path}");
    }

    /// <summary>
    /// A process killed mid-write leaves a line without its newline. That batch was never acknowledged (the flush comes
    /// after the newline), so it will be written again: cut the torn piece off rather than glue the next line to it.
    /// </summary>
    private static void DropTornLine(FileStream stream)
    {
        var end = stream.Length;
        var keep = end;
        var one = new byte[1];
        while (keep > 0)
        {
            stream.Position = keep - 1;
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n')
            {
                break;
            }
            keep--;
        }
        if (keep != end)
        {
            stream.SetLength(keep);
        }
        stream.Position = keep;
    }

    public async ValueTask<long?> ShipAsync(IReadOnlyList<SpooledBatch> batches, CancellationToken cancellationToken)
    {
        long? last = null;
        foreach (var batch in batches)
        {
            await _stream.WriteAsync(batch.Payload, cancellationToken).ConfigureAwait(false);
            _stream.WriteByte((byte)'\n');
            last = batch.Sequence;
        }
        if (_stream is FileStream file && _flushToDisk)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return last;
    }

    public void Dispose() => _stream.Dispose();
}

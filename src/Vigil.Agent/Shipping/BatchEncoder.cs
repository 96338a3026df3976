using System.IO.Compression;
using Vigil.Agent.Configuration;
using ZstdSharp;

namespace Vigil.Agent.Shipping;

/// <summary>
/// Compresses batch bodies for one shipping round. Created per round and disposed after it, so the zstd context
/// (a few hundred KiB at level 3 for batch-sized inputs) is not held while the agent sleeps between batches.
/// </summary>
internal sealed class BatchEncoder : IDisposable
{
    /// <summary>zstd level 3 (the library default): most of level 19's ratio on JSON at a fraction of its CPU.</summary>
    private const int ZstdLevel = 3;
    private readonly ServerCompression _compression;
    private Compressor? _zstd;
    private byte[] _buffer = [];

    public BatchEncoder(ServerCompression compression)
    {
        _compression = compression;
    }

    /// <summary>The <c>Content-Encoding</c> value, or null for none.</summary>
    public string? ContentEncoding => _compression switch
    {
        ServerCompression.Zstd => "zstd",
        ServerCompression.Gzip => "gzip",
        _ => null,
    };

    /// <summary>The encoded body; valid until the next call.</summary>
    public ArraySegment<byte> Encode(ReadOnlySpan<byte> payload)
    {
        switch (_compression)
        {
            case ServerCompression.Zstd:
                _zstd ??= new Compressor(ZstdLevel);
                Reserve(Compressor.GetCompressBound(payload.Length));
                return new ArraySegment<byte>(_buffer, 0, _zstd.Wrap(payload, _buffer));
            case ServerCompression.Gzip:
                using (var output = new MemoryStream(payload.Length / 4 + 64))
                {
                    using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(payload);
                    }
                    return new ArraySegment<byte>(output.GetBuffer(), 0, (int)output.Length);
                }
            default:
                Reserve(payload.Length);
                payload.CopyTo(_buffer);
                return new ArraySegment<byte>(_buffer, 0, payload.Length);
        }
    }

    private void Reserve(int size)
    {
        if (_buffer.Length < size)
        {
            _buffer = new byte[size];
        }
    }

    public void Dispose() => _zstd?.Dispose();
}

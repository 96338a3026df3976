using ZstdSharp;

namespace Vigil.Blobs.Packs;

/// <summary>
/// Compresses a blob with zstd when that saves at least 1/32 of its size, stores it raw otherwise, and on the way back
/// checks that the bytes hash to the blob's id. Not thread-safe: one per writer or reader.
/// </summary>
public sealed class BlobCodec : IDisposable
{
    private readonly Compressor _compressor;
    private readonly Decompressor _decompressor = new();
    private byte[] _scratch = new byte[128 * 1024];

    public BlobCodec(int level)
    {
        _compressor = new Compressor(level);
    }

    /// <summary>
    /// Compresses <paramref name="raw"/> and returns the compressed length, or 0 when compression saves less than
    /// 1/32 of the size (the blob is then stored raw). Bytes that look random (already compressed or
    /// encrypted) are not even tried. The bytes are in <see cref="Compressed"/> until the next call.
    /// </summary>
    public int TryCompress(ReadOnlySpan<byte> raw)
    {
        if (Entropy.LooksIncompressible(raw))
        {
            return 0;
        }
        var bound = Compressor.GetCompressBound(raw.Length);
        if (_scratch.Length < bound)
        {
            _scratch = new byte[bound];
        }
        var written = _compressor.Wrap(raw, _scratch);
        return written < raw.Length - (raw.Length >> 5) ? written : 0;
    }

    public ReadOnlySpan<byte> Compressed(int length) => _scratch.AsSpan(0, length);

    /// <summary>The blob's content, checked against its id; throws <see cref="CorruptObjectException"/> naming pack and blob.</summary>
    public byte[] Decode(string packName, in PackEntry entry, ReadOnlySpan<byte> stored)
    {
        if (stored.Length != entry.StoredLength)
        {
            throw new CorruptObjectException($"pack {packName}: blob {entry.Id} at offset {entry.Offset} is truncated ({stored.Length} of {entry.StoredLength} bytes)");
        }
        byte[] raw;
        if (entry.Compression == Compression.Zstd)
        {
            raw = new byte[entry.RawLength];
            int n;
            try
            {
                n = _decompressor.Unwrap(stored, raw);
            }
            catch (ZstdException e)
            {
                throw new CorruptObjectException($"pack {packName}: blob {entry.Id} at offset {entry.Offset} does not decompress ({e.Message})");
            }
            if (n != entry.RawLength)
            {
                throw new CorruptObjectException($"pack {packName}: blob {entry.Id} at offset {entry.Offset} decompresses to {n} bytes, not {entry.RawLength}");
            }
        }
        else
        {
            raw = stored.ToArray();
        }
        if (BlobId.Compute(raw) != entry.Id)
        {
            throw new CorruptObjectException($"pack {packName}: blob {entry.Id} at offset {entry.Offset} does not hash to its id");
        }
        return raw;
    }

    public void Dispose()
    {
        _compressor.Dispose();
        _decompressor.Dispose();
    }
}

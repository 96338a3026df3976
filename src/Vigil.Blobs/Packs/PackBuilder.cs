using System.Security.Cryptography;

namespace Vigil.Blobs.Packs;

/// <summary>Accumulates blobs into one pack in memory until it is full, then hands out its bytes and name.</summary>
internal sealed class PackBuilder
{
    private byte[] _buffer;
    private int _length;
    private readonly List<PackEntry> _entries = [];

    public PackBuilder(int capacity)
    {
        _buffer = new byte[Math.Max(capacity, 64 * 1024)];
        Reset();
    }

    public int Length => _length;

    public int Count => _entries.Count;

    public IReadOnlyList<PackEntry> Entries => _entries;

    public void Add(BlobId id, BlobType type, Compression compression, int rawLength, ReadOnlySpan<byte> stored)
    {
        var need = _length + PackFormat.HeaderSize + stored.Length;
        if (need > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(need, _buffer.Length * 2));
        }
        PackFormat.WriteHeader(_buffer.AsSpan(_length), type, compression, rawLength, stored.Length, id);
        _length += PackFormat.HeaderSize;
        stored.CopyTo(_buffer.AsSpan(_length));
        _entries.Add(new PackEntry(id, type, compression, _length, rawLength, stored.Length));
        _length += stored.Length;
    }

    public (string Name, ReadOnlyMemory<byte> Bytes) Seal()
    {
        var bytes = _buffer.AsMemory(0, _length);
        return (Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), bytes);
    }

    public void Reset()
    {
        _entries.Clear();
        PackFormat.Magic.CopyTo(_buffer);
        _length = PackFormat.Magic.Length;
    }
}

using System.Buffers.Binary;

namespace Vigil.Blobs.Packs;

/// <summary>
/// A pack file: the 8-byte magic <c>VGPACK01</c>, then entries, each a 42-byte header
/// (type u8, compression u8, raw length u32 LE, stored length u32 LE, blob id 32 bytes) followed by the stored bytes.
/// The pack is named by the SHA-256 of all its bytes. Headers inline make a pack self-describing: the index can be
/// rebuilt from the packs alone.
/// </summary>
internal static class PackFormat
{
    public const int HeaderSize = 42;
    public static ReadOnlySpan<byte> Magic => "VGPACK01"u8;

    public static void WriteHeader(Span<byte> destination, BlobType type, Compression compression, int rawLength, int storedLength, BlobId id)
    {
        destination[0] = (byte)type;
        destination[1] = (byte)compression;
        BinaryPrimitives.WriteInt32LittleEndian(destination[2..], rawLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[6..], storedLength);
        id.WriteTo(destination[10..]);
    }

    /// <summary>Every entry of a pack, in order; throws <see cref="CorruptObjectException"/> naming the pack and offset when the layout is broken.</summary>
    public static List<PackEntry> ReadEntries(string packName, ReadOnlySpan<byte> pack)
    {
        if (pack.Length < Magic.Length || !pack[..Magic.Length].SequenceEqual(Magic))
        {
            throw new CorruptObjectException($"pack {packName}: no VGPACK01 magic at offset 0");
        }
        var entries = new List<PackEntry>();
        var offset = Magic.Length;
        while (offset < pack.Length)
        {
            if (pack.Length - offset < HeaderSize)
            {
                throw new CorruptObjectException($"pack {packName}: truncated entry header at offset {offset}");
            }
            var header = pack.Slice(offset, HeaderSize);
            var type = (BlobType)header[0];
            var compression = (Compression)header[1];
            var raw = BinaryPrimitives.ReadInt32LittleEndian(header[2..]);
            var stored = BinaryPrimitives.ReadInt32LittleEndian(header[6..]);
            if (type is not (BlobType.Data or BlobType.List) || compression is not (Compression.None or Compression.Zstd) || raw < 0 || stored < 0)
            {
                throw new CorruptObjectException($"pack {packName}: invalid entry header at offset {offset}");
            }
            if (pack.Length - offset - HeaderSize < stored)
            {
                throw new CorruptObjectException($"pack {packName}: entry at offset {offset} is truncated ({stored} bytes announced, {pack.Length - offset - HeaderSize} present)");
            }
            entries.Add(new PackEntry(BlobId.FromBytes(header[10..]), type, compression, offset + HeaderSize, raw, stored));
            offset += HeaderSize + stored;
        }
        return entries;
    }

    /// <summary>The entries whose headers are readable, up to the first damaged one (for salvage).</summary>
    public static List<PackEntry> ReadEntriesUntilDamage(ReadOnlySpan<byte> pack)
    {
        var entries = new List<PackEntry>();
        var offset = Magic.Length;
        if (pack.Length < offset || !pack[..offset].SequenceEqual(Magic))
        {
            return entries;
        }
        while (pack.Length - offset >= HeaderSize)
        {
            var header = pack.Slice(offset, HeaderSize);
            var raw = BinaryPrimitives.ReadInt32LittleEndian(header[2..]);
            var stored = BinaryPrimitives.ReadInt32LittleEndian(header[6..]);
            if ((BlobType)header[0] is not (BlobType.Data or BlobType.List) || (Compression)header[1] is not (Compression.None or Compression.Zstd)
                || raw < 0 || stored < 0 || pack.Length - offset - HeaderSize < stored)
            {
                break;
            }
            entries.Add(new PackEntry(BlobId.FromBytes(header[10..]), (BlobType)header[0], (Compression)header[1], offset + HeaderSize, raw, stored));
            offset += HeaderSize + stored;
        }
        return entries;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using Vigil.Blobs.Packs;
using ZstdSharp;

namespace Vigil.Blobs.Indexing;

/// <summary>
/// An index file: zstd of <c>VGINDX01</c>, u32 pack count, then per pack its 32-byte name, u32 entry count and
/// 46-byte entries (blob id, type u8, compression u8, offset u32, raw length u32, stored length u32), all little-endian.
/// Named by the SHA-256 of its stored bytes.
/// </summary>
public static class IndexFile
{
    private const int EntrySize = 46;
    private static ReadOnlySpan<byte> Magic => "VGINDX01"u8;

    public static (string Name, byte[] Bytes) Encode(IReadOnlyDictionary<string, IReadOnlyList<PackEntry>> packs)
    {
        var size = Magic.Length + 4 + packs.Sum(p => 36 + (p.Value.Count * EntrySize));
        var raw = new byte[size];
        var span = raw.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], packs.Count);
        at += 4;
        foreach (var (pack, entries) in packs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            BlobId.Parse(pack).WriteTo(span[at..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 32)..], entries.Count);
            at += 36;
            foreach (var e in entries)
            {
                e.Id.WriteTo(span[at..]);
                span[at + 32] = (byte)e.Type;
                span[at + 33] = (byte)e.Compression;
                BinaryPrimitives.WriteInt32LittleEndian(span[(at + 34)..], e.Offset);
                BinaryPrimitives.WriteInt32LittleEndian(span[(at + 38)..], e.RawLength);
                BinaryPrimitives.WriteInt32LittleEndian(span[(at + 42)..], e.StoredLength);
                at += EntrySize;
            }
        }
        using var compressor = new Compressor(3);
        var stored = compressor.Wrap(raw).ToArray();
        return (Convert.ToHexStringLower(SHA256.HashData(stored)), stored);
    }

    /// <summary>The packs and entries an index file lists; throws <see cref="CorruptObjectException"/> naming the file when damaged.</summary>
    public static Dictionary<string, List<PackEntry>> Decode(string name, ReadOnlySpan<byte> stored, bool checkName)
    {
        using var decompressor = new Decompressor();
        return Decode(name, stored, checkName, decompressor);
    }

    /// <summary>As <see cref="Decode(string, ReadOnlySpan{byte}, bool)"/>, with a decompressor reused across files (opening a store reads them all).</summary>
    public static Dictionary<string, List<PackEntry>> Decode(string name, ReadOnlySpan<byte> stored, bool checkName, Decompressor decompressor)
    {
        if (checkName && Convert.ToHexStringLower(SHA256.HashData(stored)) != name)
        {
            throw new CorruptObjectException($"index {name}: content does not hash to its name");
        }
        byte[] raw;
        try
        {
            raw = decompressor.Unwrap(stored).ToArray();
        }
        catch (ZstdException e)
        {
            throw new CorruptObjectException($"index {name}: does not decompress ({e.Message})");
        }
        var span = raw.AsSpan();
        if (span.Length < Magic.Length + 4 || !span[..Magic.Length].SequenceEqual(Magic))
        {
            throw new CorruptObjectException($"index {name}: no VGINDX01 magic");
        }
        var at = Magic.Length;
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        var result = new Dictionary<string, List<PackEntry>>(count, StringComparer.Ordinal);
        for (var p = 0; p < count; p++)
        {
            if (span.Length - at < 36)
            {
                throw new CorruptObjectException($"index {name}: truncated at pack {p}");
            }
            var pack = BlobId.FromBytes(span[at..]).ToHex();
            var n = BinaryPrimitives.ReadInt32LittleEndian(span[(at + 32)..]);
            at += 36;
            if (n < 0 || (long)n * EntrySize > span.Length - at)
            {
                throw new CorruptObjectException($"index {name}: truncated in the entries of pack {pack}");
            }
            var entries = new List<PackEntry>(n);
            for (var i = 0; i < n; i++)
            {
                var e = span.Slice(at, EntrySize);
                entries.Add(new PackEntry(
                    BlobId.FromBytes(e),
                    (BlobType)e[32],
                    (Compression)e[33],
                    BinaryPrimitives.ReadInt32LittleEndian(e[34..]),
                    BinaryPrimitives.ReadInt32LittleEndian(e[38..]),
                    BinaryPrimitives.ReadInt32LittleEndian(e[42..])));
                at += EntrySize;
            }
            result[pack] = entries;
        }
        return result;
    }
}

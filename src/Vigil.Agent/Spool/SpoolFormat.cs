using System.Buffers.Binary;
using System.Globalization;

namespace Vigil.Agent.Spool;

/// <summary>
/// The spool's byte layout (see docs/spool.md). All integers are little-endian; checksums are CRC-32C.
/// <code>
/// segment header (20 bytes)          record header (24 bytes), then the payload
///   0  4  magic "VSEG"                 0  4  magic "VREC"
///   4  2  format version (1)           4  4  payload length (bytes)
///   6  2  flags (0)                    8  8  sequence
///   8  8  first sequence              16  4  CRC-32C of the payload
///  16  4  CRC-32C of bytes 0..16      20  4  CRC-32C of bytes 0..20
/// </code>
/// The record header checks itself, so a damaged length is caught before it is used to read anything.
/// </summary>
internal static class SpoolFormat
{
    public const int SegmentHeaderSize = 20;
    public const int RecordHeaderSize = 24;
    public const ushort Version = 1;
    public const uint SegmentMagic = 0x47455356; // "VSEG" read as little-endian
    public const uint RecordMagic = 0x43455256;  // "VREC"
    public const string SegmentExtension = ".seg";

    private const int SequenceDigits = 20;

    /// <summary>A segment is named after its first sequence, zero-padded so names sort like numbers.</summary>
    public static string SegmentName(long firstSequence) =>
        firstSequence.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension;

    public static bool TryParseSegmentName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.Length == SequenceDigits + SegmentExtension.Length
            && fileName.EndsWith(SegmentExtension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, SequenceDigits), NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence)
            && firstSequence > 0;
    }

    public static void WriteSegmentHeader(Span<byte> destination, long firstSequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, SegmentMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Crc32C.Compute(destination[..16]));
    }

    /// <summary>Returns null when the header is sound, otherwise what is wrong with it.</summary>
    public static string? CheckSegmentHeader(ReadOnlySpan<byte> header, long expectedFirstSequence)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != SegmentMagic)
        {
            return "segment header: wrong magic";
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Crc32C.Compute(header[..16]))
        {
            return "segment header: checksum mismatch";
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != Version)
        {
            return string.Create(CultureInfo.InvariantCulture, $"segment header: unknown format version {version}");
        }
        var first = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        return first == expectedFirstSequence
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"segment header: first sequence {first} does not match the file name");
    }

    public static void WriteRecordHeader(Span<byte> destination, long sequence, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, RecordMagic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Crc32C.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Crc32C.Compute(destination[..20]));
    }

    /// <summary>Decodes a record header whose magic and own checksum are right; false for anything else.</summary>
    public static bool TryReadRecordHeader(ReadOnlySpan<byte> source, out RecordHeader header)
    {
        header = default;
        if (source.Length < RecordHeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != RecordMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(source[20..]) != Crc32C.Compute(source[..20]))
        {
            return false;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(source[4..]);
        if (length < 0)
        {
            return false;
        }
        header = new RecordHeader(
            BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
            length,
            BinaryPrimitives.ReadUInt32LittleEndian(source[16..]));
        return true;
    }
}

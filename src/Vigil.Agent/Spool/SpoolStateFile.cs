using System.Buffers.Binary;
using System.Globalization;

namespace Vigil.Agent.Spool;

/// <summary>
/// Reads and atomically replaces <c>spool.state</c> (52 bytes, little-endian):
/// <code>
///  0  4  magic "VSST"          16  8  issued ceiling        40  8  torn tails
///  4  2  format version (1)    24  8  dropped batches       48  4  CRC-32C of bytes 0..48
///  6  2  flags (0)             32  8  corrupt segments
///  8  8  acknowledged-through
/// </code>
/// A new version is written to <c>spool.state.tmp</c>, flushed, renamed over the old one and the directory
/// flushed, so after any crash the file holds either the old or the new state, never a mix. It is always
/// flushed, whatever the fsync policy: it is small, written rarely, and the issued ceiling in it is what
/// keeps a sequence from ever being issued twice.
/// </summary>
internal static class SpoolStateFile
{
    public const string FileName = "spool.state";
    public const string TempFileName = "spool.state.tmp";
    private const int Size = 52;
    private const uint Magic = 0x54535356; // "VSST"

    /// <summary>Null when the file does not exist; otherwise the state, or a problem when it cannot be trusted.</summary>
    public static SpoolState? Read(string directory, out string? problem)
    {
        problem = null;
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Size
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(48)) != Crc32C.Compute(bytes.AsSpan(0, 48)))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{FileName} is damaged ({bytes.Length} bytes, bad magic, size or checksum)");
            return null;
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (version != SpoolFormat.Version)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{FileName} has unknown format version {version}");
            return null;
        }
        return new SpoolState(
            BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)),
            BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)),
            BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24)),
            BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(32)),
            BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(40)));
    }

    public static void Write(string directory, SpoolState state)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[4..], SpoolFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], state.AckedThrough);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], state.IssuedCeiling);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[24..], state.DroppedBatches);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[32..], state.CorruptSegments);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[40..], state.TornTails);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[48..], Crc32C.Compute(bytes[..48]));

        var temp = Path.Combine(directory, TempFileName);
        using (var file = SpoolFiles.Create(temp))
        {
            RandomAccess.Write(file, bytes, 0);
            RandomAccess.FlushToDisk(file);
        }
        File.Move(temp, Path.Combine(directory, FileName), overwrite: true);
        DirectorySync.Flush(directory);
    }
}

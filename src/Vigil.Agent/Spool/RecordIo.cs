using Microsoft.Win32.SafeHandles;

namespace Vigil.Agent.Spool;

/// <summary>Positional reads of records from a segment file, each one checked before it is believed.</summary>
internal static class RecordIo
{
    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; false if the file ends first.</summary>
    public static bool ReadFully(SafeFileHandle file, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(file, destination, offset);
            if (read <= 0)
            {
                return false;
            }
            destination = destination[read..];
            offset += read;
        }
        return true;
    }

    /// <summary>
    /// Checks the record at <paramref name="offset"/> without keeping its payload (the payload checksum is computed
    /// through <paramref name="scratch"/>). Returns null when the record is whole and sound, else what is wrong;
    /// <paramref name="header"/> is set whenever the header itself was sound.
    /// </summary>
    public static string? Check(SafeFileHandle file, long offset, long end, byte[] scratch, out RecordHeader header)
    {
        header = default;
        if (end - offset < SpoolFormat.RecordHeaderSize)
        {
            return "record header cut short";
        }
        var head = scratch.AsSpan(0, SpoolFormat.RecordHeaderSize);
        if (!ReadFully(file, head, offset))
        {
            return "record header cut short";
        }
        if (!SpoolFormat.TryReadRecordHeader(head, out header))
        {
            return "record header damaged";
        }
        if (offset + header.RecordSize > end)
        {
            return "record runs past the end of the segment";
        }
        var crc = Crc32C.Seed;
        var position = offset + SpoolFormat.RecordHeaderSize;
        var left = (long)header.PayloadLength;
        while (left > 0)
        {
            var chunk = scratch.AsSpan(0, (int)Math.Min(left, scratch.Length));
            if (!ReadFully(file, chunk, position))
            {
                return "record runs past the end of the segment";
            }
            crc = Crc32C.Append(crc, chunk);
            position += chunk.Length;
            left -= chunk.Length;
        }
        return Crc32C.Finish(crc) == header.PayloadCrc ? null : "record payload checksum mismatch";
    }

    /// <summary>Reads and checks the record at <paramref name="offset"/>, returning its payload in a new array.</summary>
    public static string? Read(SafeFileHandle file, long offset, long end, out RecordHeader header, out byte[] payload)
    {
        payload = [];
        Span<byte> head = stackalloc byte[SpoolFormat.RecordHeaderSize];
        header = default;
        if (end - offset < SpoolFormat.RecordHeaderSize || !ReadFully(file, head, offset))
        {
            return "record header cut short";
        }
        if (!SpoolFormat.TryReadRecordHeader(head, out header))
        {
            return "record header damaged";
        }
        if (offset + header.RecordSize > end)
        {
            return "record runs past the end of the segment";
        }
        payload = new byte[header.PayloadLength];
        if (!ReadFully(file, payload, offset + SpoolFormat.RecordHeaderSize))
        {
            return "record runs past the end of the segment";
        }
        return Crc32C.Compute(payload) == header.PayloadCrc ? null : "record payload checksum mismatch";
    }

    /// <summary>Reads only the header at <paramref name="offset"/> (to step over records without reading payloads).</summary>
    public static bool TryReadHeader(SafeFileHandle file, long offset, long end, out RecordHeader header)
    {
        header = default;
        Span<byte> head = stackalloc byte[SpoolFormat.RecordHeaderSize];
        return end - offset >= SpoolFormat.RecordHeaderSize
            && ReadFully(file, head, offset)
            && SpoolFormat.TryReadRecordHeader(head, out header)
            && offset + header.RecordSize <= end;
    }
}

using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// The blob of one rollup row (one host, one 1-minute or 1-hour bucket): a version byte, the cell count as a varint,
/// then per cell the series index (varint), the sample count (varint), min, max, sum and last (little-endian
/// doubles) and the time of the last sample as a zigzag varint delta from the previous cell's. Self-contained.
/// </summary>
public static class RollupCodec
{
    public const byte Version = 1;
    private const int MaxCellBytes = (3 * Varint.MaxBytes) + (4 * sizeof(double));

    public static void Encode(IReadOnlyList<KeyValuePair<int, RollupCell>> cells, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(1 + Varint.MaxBytes + (cells.Count * MaxCellBytes));
        var n = 0;
        span[n++] = Version;
        n += Varint.Write(span[n..], (ulong)cells.Count);
        long previous = 0;
        foreach (var (series, cell) in cells)
        {
            n += Varint.Write(span[n..], (ulong)series);
            n += Varint.Write(span[n..], (ulong)cell.Count);
            BinaryPrimitives.WriteDoubleLittleEndian(span[n..], cell.Min);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(n + 8)..], cell.Max);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(n + 16)..], cell.Sum);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(n + 24)..], cell.Last);
            n += 4 * sizeof(double);
            n += Varint.Write(span[n..], Varint.ZigZag(unchecked(cell.LastMs - previous)));
            previous = cell.LastMs;
        }
        output.Advance(n);
    }

    public static byte[] Encode(IReadOnlyList<KeyValuePair<int, RollupCell>> cells)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(cells, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}

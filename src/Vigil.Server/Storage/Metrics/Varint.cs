namespace Vigil.Server.Storage.Metrics;

/// <summary>LEB128 unsigned varints and zigzag mapping of signed values, the integer encoding of frames and rollups.</summary>
internal static class Varint
{
    /// <summary>The most bytes one 64-bit varint takes.</summary>
    public const int MaxBytes = 10;

    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static ulong Read(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= source.Length)
            {
                throw new InvalidDataException($"varint runs past the end of the {source.Length}-byte blob");
            }
            var b = source[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException($"varint longer than {MaxBytes} bytes at offset {position}");
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}

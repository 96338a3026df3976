using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Agent.Spool;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 metadata and Kafka records. System.IO.Hashing only offers the
/// IEEE polynomial; <see cref="BitOperations.Crc32C(uint, ulong)"/> is the CPU's own CRC32 instruction (SSE4.2, ARMv8)
/// with a software fallback, so this needs neither a table nor a package.
/// </summary>
internal static class Crc32C
{
    /// <summary>The running value before any byte; pass it to the first <see cref="Append"/>.</summary>
    public const uint Seed = 0xFFFFFFFFu;

    /// <summary>Continues a running CRC over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return crc;
    }

    /// <summary>The final checksum of a running value.</summary>
    public static uint Finish(uint crc) => ~crc;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Seed, data));
}

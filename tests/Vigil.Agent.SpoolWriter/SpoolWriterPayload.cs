using System.Buffers.Binary;

namespace Vigil.Agent.SpoolWriter;

/// <summary>
/// The payload the writer appends under each sequence, derived from the sequence alone, so a test can check every
/// byte it reads back. Sizes run from a byte to over a megabyte: small ones share segments, mid-sized ones straddle
/// segment boundaries, and the large ones keep the writer inside write(2) long enough for a kill to land mid-record.
/// </summary>
public static class SpoolWriterPayload
{
    /// <summary>Payloads at least this big are "large": the test may kill the writer just as it starts appending one.</summary>
    public const int Large = 262_144;

    public static int Length(long sequence) => (sequence % 13, sequence % 3) switch
    {
        (0, _) => 1 + (int)(sequence % 13),
        (6, _) => Large + (int)(sequence * 7919 % 1_048_576),
        (_, 0) => 32_768 + (int)(sequence * 7919 % 65_536),
        _ => 100 + (int)(sequence * 104_729 % 4_000),
    };

    public static byte[] For(long sequence)
    {
        var payload = new byte[Length(sequence)];
        var state = (ulong)sequence * 0x9E3779B97F4A7C15UL | 1;
        var span = payload.AsSpan();
        while (span.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span, Next(ref state));
            span = span[8..];
        }
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (byte)Next(ref state);
        }
        return payload;
    }

    public static bool Matches(long sequence, ReadOnlySpan<byte> payload) => payload.SequenceEqual(For(sequence));

    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}

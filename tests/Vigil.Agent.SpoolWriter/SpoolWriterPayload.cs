namespace Vigil.Agent.SpoolWriter;

/// <summary>
/// The payload the writer appends under each sequence, derived from the sequence alone, so a test can check every
/// byte it reads back. Sizes vary from a few bytes to ~96 KiB so that appends straddle segment boundaries and a
/// kill can land in the middle of a large write.
/// </summary>
public static class SpoolWriterPayload
{
    public static byte[] For(long sequence)
    {
        var length = (sequence % 7) switch
        {
            0 => 1 + (int)(sequence % 13),
            3 => 32_768 + (int)(sequence * 7919 % 65_536),
            _ => 100 + (int)(sequence * 104_729 % 4_000),
        };
        var payload = new byte[length];
        var state = (ulong)sequence * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < payload.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            payload[i] = (byte)state;
        }
        return payload;
    }

    public static bool Matches(long sequence, ReadOnlySpan<byte> payload) => payload.SequenceEqual(For(sequence));
}

using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// The blob of one raw frame: the samples of one batch of one host. Layout: a version byte, the sample count as a
/// varint, then per sample the series index (varint), the timestamp as a zigzag varint delta from the previous
/// sample's (the first from 0), and the value as a little-endian double. Samples of one collector run share a
/// timestamp, so most deltas take one byte and a sample costs about ten; the blob is self-contained.
/// </summary>
public static class FrameCodec
{
    public const byte Version = 1;

    /// <summary>Upper bound of the encoded size of <paramref name="count"/> samples.</summary>
    public static int MaxEncodedLength(int count) => 1 + Varint.MaxBytes + (count * ((2 * Varint.MaxBytes) + sizeof(double)));

    public static void Encode(ReadOnlySpan<FrameSample> samples, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(MaxEncodedLength(samples.Length));
        var n = 0;
        span[n++] = Version;
        n += Varint.Write(span[n..], (ulong)samples.Length);
        long previous = 0;
        foreach (var sample in samples)
        {
            if (sample.Series < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(samples), sample.Series, "series index must not be negative");
            }
            n += Varint.Write(span[n..], (ulong)sample.Series);
            // Unchecked: the delta may overflow for extreme timestamps, and decoding wraps it back the same way.
            n += Varint.Write(span[n..], Varint.ZigZag(unchecked(sample.TimestampMs - previous)));
            BinaryPrimitives.WriteDoubleLittleEndian(span[n..], sample.Value);
            n += sizeof(double);
            previous = sample.TimestampMs;
        }
        output.Advance(n);
    }

    public static byte[] Encode(ReadOnlySpan<FrameSample> samples)
    {
        var buffer = new ArrayBufferWriter<byte>(MaxEncodedLength(samples.Length));
        Encode(samples, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static FrameSample[] Decode(ReadOnlySpan<byte> blob)
    {
        var reader = new FrameReader(blob);
        var samples = new FrameSample[reader.Count];
        var i = 0;
        while (reader.TryRead(out var sample))
        {
            samples[i++] = sample;
        }
        return samples;
    }
}

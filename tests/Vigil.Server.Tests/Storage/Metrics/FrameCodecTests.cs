using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Tests.Storage.Metrics;

public class FrameCodecTests
{
    [Fact]
    public void SamplesRoundTripInOrder()
    {
        FrameSample[] samples =
        [
            new(0, 1_767_225_600_000, 0.25),
            new(1, 1_767_225_600_000, 12345.678),
            new(2, 1_767_225_610_000, -3),
            new(1, 1_767_225_605_000, 0),
        ];

        var decoded = FrameCodec.Decode(FrameCodec.Encode(samples));

        Assert.Equal(samples, decoded);
    }

    [Fact]
    public void EdgeValuesRoundTripExactly()
    {
        FrameSample[] samples =
        [
            new(int.MaxValue, long.MaxValue, double.MaxValue),
            new(0, long.MinValue, double.MinValue),
            new(127, 0, double.Epsilon),
            new(128, -1, -0.0),
            new(16_384, long.MaxValue, double.NaN),
            new(3, long.MinValue, double.PositiveInfinity),
            new(4, 1, double.NegativeInfinity),
        ];

        var decoded = FrameCodec.Decode(FrameCodec.Encode(samples));

        Assert.Equal(samples.Length, decoded.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i].Series, decoded[i].Series);
            Assert.Equal(samples[i].TimestampMs, decoded[i].TimestampMs);
            // Bit patterns, so -0.0 and NaN are checked exactly too.
            Assert.Equal(BitConverter.DoubleToInt64Bits(samples[i].Value), BitConverter.DoubleToInt64Bits(decoded[i].Value));
        }
    }

    [Fact]
    public void EmptyFrameRoundTrips()
    {
        var blob = FrameCodec.Encode([]);

        Assert.Empty(FrameCodec.Decode(blob));
        Assert.Equal(2, blob.Length);
    }

    [Fact]
    public void SamplesSharingATimestampCostTenBytesEach()
    {
        var samples = Enumerable.Range(0, 100).Select(i => new FrameSample(i, 1_767_225_600_000, i)).ToArray();

        var blob = FrameCodec.Encode(samples);

        // Header and the first absolute timestamp aside, each sample is index (1 byte), delta 0 (1 byte) and 8 bytes of value.
        Assert.InRange(blob.Length, 100 * 10, (100 * 10) + 12);
    }

    [Fact]
    public void TruncatedBlobIsRejectedWithTheOffset()
    {
        var blob = FrameCodec.Encode([new FrameSample(1, 1000, 1), new FrameSample(2, 1000, 2)]);

        var error = Assert.Throws<InvalidDataException>(() => FrameCodec.Decode(blob.AsSpan(0, blob.Length - 3)));

        Assert.Contains("offset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownVersionIsRejected()
    {
        var blob = FrameCodec.Encode([new FrameSample(1, 1000, 1)]);
        blob[0] = 9;

        var error = Assert.Throws<InvalidDataException>(() => FrameCodec.Decode(blob));

        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImpossibleSampleCountIsRejected()
    {
        byte[] blob = [FrameCodec.Version, 0xFF, 0xFF, 0x03];

        Assert.Throws<InvalidDataException>(() => FrameCodec.Decode(blob));
    }

    [Fact]
    public void NegativeSeriesIndexIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameCodec.Encode([new FrameSample(-1, 0, 0)]));
    }
}

using Vigil.Server.Storage;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Tests.Storage.Metrics;

public class RollupTests
{
    [Fact]
    public void MergeIsAssociativeAndCommutative()
    {
        var a = RollupCell.Of(3, 1000);
        var b = RollupCell.Of(-1, 3000).Merge(RollupCell.Of(7, 2000));
        var c = RollupCell.Of(5, 2500);

        var left = a.Merge(b).Merge(c);
        var right = c.Merge(a.Merge(b));
        var other = b.Merge(c).Merge(a);

        Assert.Equal(left, right);
        Assert.Equal(left, other);
        Assert.Equal(new RollupCell(4, -1, 7, 14, -1, 3000), left);
    }

    [Fact]
    public void EmptyCellIsTheIdentity()
    {
        var cell = RollupCell.Of(2, 10);

        Assert.Equal(cell, cell.Merge(default));
        Assert.Equal(cell, default(RollupCell).Merge(cell));
    }

    [Theory]
    [InlineData(Aggregation.Avg, 4.0)]
    [InlineData(Aggregation.Min, 1.0)]
    [InlineData(Aggregation.Max, 9.0)]
    [InlineData(Aggregation.Sum, 12.0)]
    [InlineData(Aggregation.Last, 2.0)]
    [InlineData(Aggregation.Count, 3.0)]
    public void AggregationsReadTheCell(Aggregation aggregation, double expected)
    {
        var cell = RollupCell.Of(1, 100).Merge(RollupCell.Of(9, 200)).Merge(RollupCell.Of(2, 300));

        Assert.Equal(expected, cell.Aggregate(aggregation));
    }

    [Fact]
    public void RollupBlobRoundTripsAndMergesIntoAFrame()
    {
        var frame = new RollupFrame();
        frame.Add(new FrameSample(5, 1000, 2));
        frame.Add(new FrameSample(5, 2000, 4));
        frame.Add(new FrameSample(0, long.MaxValue, double.MaxValue));
        frame.Add(new FrameSample(int.MaxValue, long.MinValue, -0.5));

        var again = new RollupFrame();
        again.MergeEncoded(frame.Encode());
        again.MergeEncoded(frame.Encode());

        Assert.Equal(frame.Cells().Select(c => c.Key), again.Cells().Select(c => c.Key));
        Assert.True(again.TryGet(5, out var cell));
        Assert.Equal(new RollupCell(4, 2, 4, 12, 4, 2000), cell);
        Assert.True(again.TryGet(0, out var extreme));
        Assert.Equal(long.MaxValue, extreme.LastMs);
        Assert.True(again.TryGet(int.MaxValue, out var low));
        Assert.Equal(long.MinValue, low.LastMs);
    }

    [Fact]
    public void CorruptRollupBlobIsRejected()
    {
        var blob = new RollupFrame().Encode();
        blob[0] = 2;

        Assert.Throws<InvalidDataException>(() => new RollupFrame().MergeEncoded(blob));
    }
}

using Vigil.Server.Storage;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Tests.Storage.Metrics;

public class SeriesBucketerTests
{
    [Fact]
    public void SamplesOutsideTheRangeOrSeriesAreLeftOut()
    {
        var bucketer = new SeriesBucketer([1], fromMs: 1000, toMs: 2000, stepMs: 500);
        bucketer.Add(new FrameSample(1, 999, 100));
        bucketer.Add(new FrameSample(1, 1000, 1));
        bucketer.Add(new FrameSample(1, 1499, 3));
        bucketer.Add(new FrameSample(1, 2000, 5));
        bucketer.Add(new FrameSample(1, 2001, 100));
        bucketer.Add(new FrameSample(2, 1200, 100));

        var points = bucketer.Points(1, Aggregation.Avg);

        Assert.Equal([new SeriesPoint(1000, 2), new SeriesPoint(2000, 5)], points);
        Assert.Empty(bucketer.Points(2, Aggregation.Avg));
    }

    [Fact]
    public void RollupCellsAndRawSamplesMergeInOneBucket()
    {
        var bucketer = new SeriesBucketer([7], fromMs: 0, toMs: 10_000_000, stepMs: 120_000);
        bucketer.Add(7, 60_000, new RollupCell(2, 1, 3, 4, 3, 90_000));
        bucketer.Add(new FrameSample(7, 100_000, 10));

        Assert.Equal([new SeriesPoint(0, 14.0 / 3)], bucketer.Points(7, Aggregation.Avg));
        Assert.Equal([new SeriesPoint(0, 10)], bucketer.Points(7, Aggregation.Last));
        Assert.Equal([new SeriesPoint(0, 3)], bucketer.Points(7, Aggregation.Count));
    }
}

using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Tests.Storage.Metrics;

public class TierChooserTests
{
    private const long Day = 86_400_000;

    [Theory]
    [InlineData(10, MetricTier.Raw)]
    [InlineData(59, MetricTier.Raw)]
    [InlineData(60, MetricTier.Minute)]
    [InlineData(3599, MetricTier.Minute)]
    [InlineData(3600, MetricTier.Hour)]
    [InlineData(86400, MetricTier.Hour)]
    public void StepPicksTheFinestUsefulTier(int stepSeconds, MetricTier expected)
    {
        var tier = TierChooser.Choose(TimeSpan.FromSeconds(stepSeconds), 10 * Day, _ => 0);

        Assert.Equal(expected, tier);
    }

    [Fact]
    public void RangeBeforeRawRetentionFallsBackToMinutes()
    {
        long? Oldest(MetricTier t) => t switch { MetricTier.Raw => 28 * Day, MetricTier.Minute => 0, _ => 0 };

        Assert.Equal(MetricTier.Minute, TierChooser.Choose(TimeSpan.FromSeconds(10), 27 * Day, Oldest));
        Assert.Equal(MetricTier.Raw, TierChooser.Choose(TimeSpan.FromSeconds(10), 29 * Day, Oldest));
    }

    [Fact]
    public void RangeBeforeEveryFinerTierFallsBackToHours()
    {
        long? Oldest(MetricTier t) => t switch { MetricTier.Raw => 30 * Day, MetricTier.Minute => 20 * Day, _ => 0 };

        Assert.Equal(MetricTier.Hour, TierChooser.Choose(TimeSpan.FromSeconds(10), Day, Oldest));
    }

    [Fact]
    public void NewHostStaysOnRawThoughItsFirstMinuteStartsEarlier()
    {
        // Raw starts mid-minute; the 1m bucket holding it starts earlier but reaches no further back in data.
        long? Oldest(MetricTier t) => t switch { MetricTier.Raw => Day + 30_000, MetricTier.Minute => Day, _ => Day - 1_800_000 };

        Assert.Equal(MetricTier.Raw, TierChooser.Choose(TimeSpan.FromSeconds(10), Day - 3_600_000, Oldest));
    }

    [Fact]
    public void HostWithoutRawDataUsesRollups()
    {
        long? Oldest(MetricTier t) => t == MetricTier.Raw ? null : 0;

        Assert.Equal(MetricTier.Minute, TierChooser.Choose(TimeSpan.FromSeconds(10), Day, Oldest));
    }

    [Theory]
    [InlineData(MetricTier.Raw, 10_000, 10_000)]
    [InlineData(MetricTier.Minute, 90_000, 120_000)]
    [InlineData(MetricTier.Minute, 10_000, 60_000)]
    [InlineData(MetricTier.Hour, 3_600_000, 3_600_000)]
    public void StepIsRoundedUpToWholeBuckets(MetricTier tier, long stepMs, long expected)
    {
        Assert.Equal(expected, TierChooser.StepMs(tier, TimeSpan.FromMilliseconds(stepMs)));
    }

    [Fact]
    public void BucketsAlignToTheEpochForNegativeTimesToo()
    {
        Assert.Equal(60_000, MetricTiers.BucketStart(119_999, 60_000));
        Assert.Equal(-60_000, MetricTiers.BucketStart(-1, 60_000));
        Assert.Equal(-60_000, MetricTiers.BucketStart(-60_000, 60_000));
    }
}

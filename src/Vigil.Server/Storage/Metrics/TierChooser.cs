namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// Picks the tier a query reads. The step decides the finest useful tier (below a minute raw, below an hour 1m,
/// else 1h). When the range starts before the oldest data that tier still holds (retention removed the rest) and a
/// coarser tier reaches further back by at least one of its buckets, the coarser one answers: a chart of the last
/// 30 days at 5-minute steps is better drawn from hourly rollups than with 28 empty days.
/// </summary>
public static class TierChooser
{
    public static MetricTier Finest(TimeSpan step) =>
        step < TimeSpan.FromMinutes(1) ? MetricTier.Raw : step < TimeSpan.FromHours(1) ? MetricTier.Minute : MetricTier.Hour;

    /// <param name="step">The query's step.</param>
    /// <param name="fromMs">Start of the queried range.</param>
    /// <param name="oldestMs">The oldest timestamp (bucket start for rollups) each tier holds for the host, null when it holds none.</param>
    public static MetricTier Choose(TimeSpan step, long fromMs, Func<MetricTier, long?> oldestMs)
    {
        var tier = Finest(step);
        while (tier != MetricTier.Hour)
        {
            var oldest = oldestMs(tier);
            if (oldest is not null && oldest <= fromMs)
            {
                break;
            }
            var coarser = tier + 1;
            var coarserOldest = oldestMs(coarser);
            var reachesFurther = coarserOldest is not null && (oldest is null || coarserOldest + coarser.ResolutionMs() <= oldest);
            if (!reachesFurther)
            {
                break;
            }
            tier = coarser;
        }
        return tier;
    }

    /// <summary>The step a tier can answer: the query's, rounded up to a whole number of the tier's buckets.</summary>
    public static long StepMs(MetricTier tier, TimeSpan step)
    {
        var resolution = tier.ResolutionMs();
        var wanted = Math.Max(1, (long)step.TotalMilliseconds);
        return (wanted + resolution - 1) / resolution * resolution;
    }
}

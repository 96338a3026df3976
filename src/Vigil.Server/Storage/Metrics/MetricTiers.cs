namespace Vigil.Server.Storage.Metrics;

public static class MetricTiers
{
    public const long MinuteMs = 60_000;
    public const long HourMs = 3_600_000;

    /// <summary>Bucket width of a rollup tier; raw has none (1 ms).</summary>
    public static long ResolutionMs(this MetricTier tier) => tier switch
    {
        MetricTier.Raw => 1,
        MetricTier.Minute => MinuteMs,
        MetricTier.Hour => HourMs,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown tier"),
    };

    /// <summary>"raw", "1m" or "1h", as <see cref="SeriesResult.Tier"/> reports it.</summary>
    public static string Name(this MetricTier tier) => tier switch
    {
        MetricTier.Raw => "raw",
        MetricTier.Minute => "1m",
        MetricTier.Hour => "1h",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown tier"),
    };

    /// <summary>Start of the bucket of width <paramref name="widthMs"/> holding <paramref name="timestampMs"/>, aligned to the Unix epoch.</summary>
    public static long BucketStart(long timestampMs, long widthMs)
    {
        var remainder = timestampMs % widthMs;
        return remainder < 0 ? timestampMs - remainder - widthMs : timestampMs - remainder;
    }
}

namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// Buckets the samples (or rollup cells) of the series a query asked for into steps aligned to the Unix epoch, then
/// aggregates each bucket. Raw samples and rollup cells accumulate the same way, so a query may mix a rollup tier
/// with the raw frames not rolled up yet and get what the rollup will say.
/// </summary>
public sealed class SeriesBucketer
{
    private readonly Dictionary<int, Dictionary<long, RollupCell>> _series = [];
    private readonly long _fromMs;
    private readonly long _toMs;

    public SeriesBucketer(IEnumerable<int> series, long fromMs, long toMs, long stepMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepMs, 1);
        foreach (var s in series)
        {
            _series[s] = [];
        }
        _fromMs = fromMs;
        _toMs = toMs;
        StepMs = stepMs;
    }

    public long StepMs { get; }

    /// <summary>Adds a raw sample when its series was asked for and it lies in [from, to].</summary>
    public void Add(FrameSample sample)
    {
        if (sample.TimestampMs < _fromMs || sample.TimestampMs > _toMs || !_series.TryGetValue(sample.Series, out var buckets))
        {
            return;
        }
        Merge(buckets, sample.TimestampMs, RollupCell.Of(sample.Value, sample.TimestampMs));
    }

    /// <summary>
    /// Adds a rollup cell of the bucket starting at <paramref name="bucketMs"/>. The caller reads only buckets that
    /// overlap [from, to]; a bucket is taken whole because its samples' times are gone.
    /// </summary>
    public void Add(int series, long bucketMs, RollupCell cell)
    {
        if (!_series.TryGetValue(series, out var buckets))
        {
            return;
        }
        Merge(buckets, bucketMs, cell);
    }

    /// <summary>The series' points, oldest first; empty buckets are left out.</summary>
    public IReadOnlyList<SeriesPoint> Points(int series, Aggregation aggregation)
    {
        if (!_series.TryGetValue(series, out var buckets) || buckets.Count == 0)
        {
            return [];
        }
        var points = new SeriesPoint[buckets.Count];
        var i = 0;
        foreach (var (start, cell) in buckets)
        {
            points[i++] = new SeriesPoint(start, cell.Aggregate(aggregation));
        }
        Array.Sort(points, static (a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        return points;
    }

    private void Merge(Dictionary<long, RollupCell> buckets, long timestampMs, RollupCell cell)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(buckets, MetricTiers.BucketStart(timestampMs, StepMs), out _);
        slot = slot.Merge(cell);
    }
}

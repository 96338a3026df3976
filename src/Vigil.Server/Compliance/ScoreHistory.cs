namespace Vigil.Server.Compliance;

/// <summary>
/// Hour-bucket points into a score series: each policy's counts carry forward until its next point, and the
/// series sums them per bucket. Scores are over observed statuses (exceptions apply to the current view only).
/// </summary>
public static class ScoreHistory
{
    public const long HourMs = 3_600_000;
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    public static IReadOnlyList<object> Series(IReadOnlyList<HistoryPoint> points, DateTimeOffset since, DateTimeOffset now)
    {
        var series = new List<object>();
        if (points.Count == 0)
        {
            return series;
        }
        var byBucket = points.GroupBy(p => p.Bucket.ToUnixTimeMilliseconds()).OrderBy(g => g.Key).ToList();
        var current = new Dictionary<string, HistoryPoint>(StringComparer.Ordinal);
        var start = Math.Max(Floor(since.ToUnixTimeMilliseconds()), byBucket[0].Key);
        var next = 0;
        for (var bucket = Floor(byBucket[0].Key); bucket <= Floor(now.ToUnixTimeMilliseconds()); bucket += HourMs)
        {
            while (next < byBucket.Count && byBucket[next].Key <= bucket)
            {
                foreach (var point in byBucket[next])
                {
                    current[point.Policy] = point;
                }
                next++;
            }
            if (bucket < start)
            {
                continue;
            }
            long pass = current.Values.Sum(p => p.Pass), fail = current.Values.Sum(p => p.Fail), error = current.Values.Sum(p => p.Error);
            series.Add(new { time = DateTimeOffset.FromUnixTimeMilliseconds(bucket), score = pass + fail + error == 0 ? (double?)null : Math.Round((double)pass / (pass + fail + error), 4) });
        }
        return series;
    }

    private static long Floor(long ms) => ms - (((ms % HourMs) + HourMs) % HourMs);
}

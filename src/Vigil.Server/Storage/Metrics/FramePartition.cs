namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// Cuts the samples of one batch into frames that each span at most <see cref="MaxSpanMs"/>. A batch is one collection
/// cycle, so it is almost always one frame; the bound lets a range query find every frame overlapping its start by
/// looking only <see cref="MaxSpanMs"/> before it on the (host, first timestamp) index.
/// </summary>
public static class FramePartition
{
    public const long MaxSpanMs = 15 * 60_000;

    public static IReadOnlyList<RawFrame> Split(IReadOnlyList<FrameSample> samples)
    {
        if (samples.Count == 0)
        {
            return [];
        }
        long min = long.MaxValue, max = long.MinValue;
        foreach (var sample in samples)
        {
            min = Math.Min(min, sample.TimestampMs);
            max = Math.Max(max, sample.TimestampMs);
        }
        var all = samples.ToArray();
        if ((decimal)max - min <= MaxSpanMs)
        {
            return [new RawFrame(all, min, max)];
        }
        Array.Sort(all, static (a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        var frames = new List<RawFrame>();
        var start = 0;
        for (var i = 1; i <= all.Length; i++)
        {
            if (i == all.Length || (decimal)all[i].TimestampMs - all[start].TimestampMs > MaxSpanMs)
            {
                frames.Add(new RawFrame(all[start..i], all[start].TimestampMs, all[i - 1].TimestampMs));
                start = i;
            }
        }
        return frames;
    }
}

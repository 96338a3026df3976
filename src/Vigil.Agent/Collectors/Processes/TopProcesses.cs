namespace Vigil.Agent.Collectors.Processes;

/// <summary>Picks the top N samples by a measure without sorting or allocating: an insertion into a small array.</summary>
internal static class TopProcesses
{
    public const bool ByCpu = true;
    public const bool ByRss = false;

    /// <summary>
    /// Fills <paramref name="top"/> with sample indices, best first (ties broken by lower pid so the list is stable),
    /// and returns how many. By CPU, only processes with a measured, non-zero CPU delta qualify.
    /// </summary>
    public static int Select(ReadOnlySpan<ProcessSample> samples, Span<int> top, bool byCpu)
    {
        var n = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var value = byCpu ? samples[i].CpuTicksDelta : samples[i].Stat.RssPages;
            if (byCpu && value <= 0)
            {
                continue;
            }
            var pos = n;
            while (pos > 0 && Better(value, samples[i].State.Pid, samples[top[pos - 1]], byCpu))
            {
                pos--;
            }
            if (pos >= top.Length)
            {
                continue;
            }
            var last = Math.Min(n, top.Length - 1);
            for (var j = last; j > pos; j--)
            {
                top[j] = top[j - 1];
            }
            top[pos] = i;
            n = Math.Min(n + 1, top.Length);
        }
        return n;
    }

    private static bool Better(long value, int pid, in ProcessSample other, bool byCpu)
    {
        var otherValue = byCpu ? other.CpuTicksDelta : other.Stat.RssPages;
        return value > otherValue || (value == otherValue && pid < other.State.Pid);
    }
}

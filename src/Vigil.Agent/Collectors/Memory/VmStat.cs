using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Memory;

/// <summary>The counters of /proc/vmstat the memory collector uses. Parsing is a pure function of the text.</summary>
public record struct VmStat
{
    /// <summary>Pages swapped in since boot.</summary>
    public ulong SwapIns { get; set; }
    /// <summary>Pages swapped out since boot.</summary>
    public ulong SwapOuts { get; set; }
    /// <summary>All page faults, minor and major.</summary>
    public ulong Faults { get; set; }
    /// <summary>Faults that needed I/O.</summary>
    public ulong MajorFaults { get; set; }
    /// <summary>Processes killed by the OOM killer since boot; null before Linux 4.13.</summary>
    public ulong? OomKills { get; set; }

    public readonly ulong MinorFaults => Faults >= MajorFaults ? Faults - MajorFaults : 0;

    public static VmStat Parse(ReadOnlySpan<char> text)
    {
        var stat = new VmStat();
        Span<Range> f = stackalloc Range[2];
        foreach (var line in text.EnumerateLines())
        {
            if (SpanParsing.SplitFields(line, f) < 2)
            {
                continue;
            }
            var value = SpanParsing.ParseUInt64(line[f[1]]);
            switch (line[f[0]])
            {
                case "pswpin": stat.SwapIns = value; break;
                case "pswpout": stat.SwapOuts = value; break;
                case "pgfault": stat.Faults = value; break;
                case "pgmajfault": stat.MajorFaults = value; break;
                case "oom_kill": stat.OomKills = value; break;
                default: break;
            }
        }
        return stat;
    }
}

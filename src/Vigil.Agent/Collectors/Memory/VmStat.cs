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

    /// <summary>KiB read from block devices into memory (pgpgin), all I/O and not only swap.</summary>
    public ulong PagedInKiB { get; set; }
    /// <summary>KiB written from memory to block devices (pgpgout).</summary>
    public ulong PagedOutKiB { get; set; }
    /// <summary>Pages page reclaim scanned, by kswapd, direct reclaim and the rest together (pgscan_*).</summary>
    public ulong? ReclaimScanned { get; set; }
    /// <summary>Pages page reclaim freed, all reclaimers together (pgsteal_*).</summary>
    public ulong? ReclaimStolen { get; set; }
    /// <summary>Times an allocation had to reclaim memory itself (allocstall, per zone since 4.x).</summary>
    public ulong? AllocationStalls { get; set; }
    /// <summary>Times an allocation stalled to compact memory (compact_stall).</summary>
    public ulong? CompactionStalls { get; set; }
    /// <summary>Transparent huge pages allocated at page fault (thp_fault_alloc).</summary>
    public ulong? ThpFaultAllocations { get; set; }
    /// <summary>Evicted pages read back soon after (workingset_refault, split anon/file since 5.9).</summary>
    public ulong? WorkingsetRefaults { get; set; }

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
            var key = line[f[0]];
            if (key.StartsWith("pgscan_"))
            {
                // pgscan_anon/_file split the same scans by type, and direct_throttle counts throttling, not pages.
                if (key is not ("pgscan_anon" or "pgscan_file" or "pgscan_direct_throttle"))
                {
                    stat.ReclaimScanned = (stat.ReclaimScanned ?? 0) + value;
                }
                continue;
            }
            if (key.StartsWith("pgsteal_"))
            {
                if (key is not ("pgsteal_anon" or "pgsteal_file"))
                {
                    stat.ReclaimStolen = (stat.ReclaimStolen ?? 0) + value;
                }
                continue;
            }
            if (key.StartsWith("allocstall"))
            {
                stat.AllocationStalls = (stat.AllocationStalls ?? 0) + value;
                continue;
            }
            if (key.StartsWith("workingset_refault"))
            {
                stat.WorkingsetRefaults = (stat.WorkingsetRefaults ?? 0) + value;
                continue;
            }
            switch (key)
            {
                case "pgpgin": stat.PagedInKiB = value; break;
                case "pgpgout": stat.PagedOutKiB = value; break;
                case "compact_stall": stat.CompactionStalls = value; break;
                case "thp_fault_alloc": stat.ThpFaultAllocations = value; break;
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

using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Memory;

/// <summary>The fields of /proc/meminfo the memory collector uses, in bytes. Parsing is a pure function of the text.</summary>
public record struct MemInfo
{
    public ulong Total { get; set; }
    public ulong Free { get; set; }
    /// <summary>MemAvailable, the kernel's estimate of memory available without swapping; null before Linux 3.14.</summary>
    public ulong? Available { get; set; }
    public ulong Buffers { get; set; }
    public ulong Cached { get; set; }
    public ulong SlabReclaimable { get; set; }
    public ulong SlabUnreclaimable { get; set; }
    public ulong SwapTotal { get; set; }
    public ulong SwapFree { get; set; }

    /// <summary>Used as <c>free</c> computes it: what is neither free nor reclaimable cache.</summary>
    public readonly ulong Used
    {
        get
        {
            var reclaimable = Free + Buffers + Cached + SlabReclaimable;
            // Cached can briefly exceed what Total-Free leaves on some kernels; never report a negative figure.
            return reclaimable > Total ? 0 : Total - reclaimable;
        }
    }

    public static MemInfo Parse(ReadOnlySpan<char> text)
    {
        var info = new MemInfo();
        Span<Range> f = stackalloc Range[3];
        foreach (var line in text.EnumerateLines())
        {
            var n = SpanParsing.SplitFields(line, f);
            if (n < 2)
            {
                continue;
            }
            var key = line[f[0]];
            // Values are in kB (really KiB) except the HugePages_* counts, which the collector does not use.
            var bytes = SpanParsing.ParseUInt64(line[f[1]]) * 1024;
            switch (key)
            {
                case "MemTotal:": info.Total = bytes; break;
                case "MemFree:": info.Free = bytes; break;
                case "MemAvailable:": info.Available = bytes; break;
                case "Buffers:": info.Buffers = bytes; break;
                case "Cached:": info.Cached = bytes; break;
                case "SReclaimable:": info.SlabReclaimable = bytes; break;
                case "SUnreclaim:": info.SlabUnreclaimable = bytes; break;
                case "SwapTotal:": info.SwapTotal = bytes; break;
                case "SwapFree:": info.SwapFree = bytes; break;
                default: break;
            }
        }
        return info;
    }
}

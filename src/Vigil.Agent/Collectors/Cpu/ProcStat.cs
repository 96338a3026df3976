using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Cpu;

/// <summary>Jiffies per CPU mode as /proc/stat lists them: user nice system idle iowait irq softirq steal.</summary>
public record struct CpuTimes(ulong User, ulong Nice, ulong System, ulong Idle, ulong IoWait, ulong Irq, ulong SoftIrq, ulong Steal)
{
    // guest and guest_nice are already included in user and nice, so they are not added again.
    public readonly ulong Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;
}

/// <summary>The parts of /proc/stat the CPU collector uses. Parsing is a pure function of the text.</summary>
public sealed class ProcStat
{
    /// <summary>Aggregate line ("cpu").</summary>
    public CpuTimes Total { get; private set; }
    /// <summary>Per logical CPU, indexed by the number in "cpuN"; CPUs that are offline are absent.</summary>
    public SortedDictionary<int, CpuTimes> PerCpu { get; } = [];
    public ulong ContextSwitches { get; private set; }
    public ulong Interrupts { get; private set; }
    public ulong ProcessesCreated { get; private set; }
    public ulong ProcsRunning { get; private set; }
    public ulong ProcsBlocked { get; private set; }
    public ulong BootTimeUnixSeconds { get; private set; }

    public static ProcStat Parse(ReadOnlySpan<char> text)
    {
        var stat = new ProcStat();
        Span<Range> f = stackalloc Range[12];
        foreach (var line in text.EnumerateLines())
        {
            var n = SpanParsing.SplitFields(line, f);
            if (n < 2)
            {
                continue;
            }
            var key = line[f[0]];
            if (key.StartsWith("cpu"))
            {
                if (n < 5)
                {
                    continue;
                }
                var times = new CpuTimes(
                    Field(line, f, n, 1), Field(line, f, n, 2), Field(line, f, n, 3), Field(line, f, n, 4),
                    Field(line, f, n, 5), Field(line, f, n, 6), Field(line, f, n, 7), Field(line, f, n, 8));
                if (key.Length == 3)
                {
                    stat.Total = times;
                }
                else if (int.TryParse(key[3..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cpu))
                {
                    stat.PerCpu[cpu] = times;
                }
                continue;
            }
            var value = SpanParsing.ParseUInt64(line[f[1]]);
            switch (key)
            {
                case "ctxt": stat.ContextSwitches = value; break;
                case "intr": stat.Interrupts = value; break;
                case "processes": stat.ProcessesCreated = value; break;
                case "procs_running": stat.ProcsRunning = value; break;
                case "procs_blocked": stat.ProcsBlocked = value; break;
                case "btime": stat.BootTimeUnixSeconds = value; break;
                default: break;
            }
        }
        return stat;
    }

    private static ulong Field(ReadOnlySpan<char> line, Span<Range> f, int n, int i) =>
        i < n ? SpanParsing.ParseUInt64(line[f[i]]) : 0;
}

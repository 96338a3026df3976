using Vigil.Agent.Host;

namespace Vigil.Agent.Health;

/// <summary>The agent process's own resident memory and CPU time.</summary>
public class SelfUsage
{
    private readonly HostFileReader _reader = new();

    /// <summary>Resident set size in bytes, from /proc/self/statm (the agent's own process, not the host root).</summary>
    public virtual long ResidentBytes()
    {
        Span<Range> f = stackalloc Range[3];
        var text = _reader.Read("/proc/self/statm");
        return SpanParsing.SplitFields(text, f) >= 2 ? (long)SpanParsing.ParseUInt64(text[f[1]]) * Environment.SystemPageSize : 0;
    }

    /// <summary>User plus system CPU time consumed since the process started.</summary>
    public virtual TimeSpan CpuTime() => Environment.CpuUsage.TotalTime;
}

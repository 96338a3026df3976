using System.Globalization;
using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Softnet;

/// <summary>
/// One line of /proc/net/softnet_stat: the packet-receive (NET_RX softirq) counters of one online CPU, as
/// <c>%08x</c> hex fields: 0 processed, 1 dropped (input backlog full), 2 time_squeeze (budget or time ran out with
/// work left), 3..7 unused zeros, 8 cpu_collision (always 0 since 4.x), 9 received_rps (RPS wake-ups, 2.6.35+),
/// 10 flow_limit_count (3.11+), 11 backlog length and 12 the CPU's number (5.10+), then queue lengths (6.x).
/// </summary>
public readonly record struct SoftnetLine(int Cpu, ulong Processed, ulong Dropped, ulong TimeSqueeze, ulong? ReceivedRps, ulong? FlowLimit)
{
    private const int CpuField = 12;

    /// <summary>
    /// Parses one line; <paramref name="index"/> (its position in the file) is the CPU when the line carries no number,
    /// which is right unless CPUs are offline, because older kernels print one line per online CPU in order.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, int index, out SoftnetLine parsed)
    {
        parsed = default;
        Span<Range> f = stackalloc Range[16];
        var n = SpanParsing.SplitFields(line, f);
        if (n < 3 || !Hex(line[f[0]], out var processed) || !Hex(line[f[1]], out var dropped) || !Hex(line[f[2]], out var squeeze))
        {
            return false;
        }
        ulong? rps = n > 9 && Hex(line[f[9]], out var r) ? r : null;
        ulong? flow = n > 10 && Hex(line[f[10]], out var l) ? l : null;
        var cpu = n > CpuField && Hex(line[f[CpuField]], out var c) && c < int.MaxValue ? (int)c : index;
        parsed = new SoftnetLine(cpu, processed, dropped, squeeze, rps, flow);
        return true;
    }

    private static bool Hex(ReadOnlySpan<char> field, out ulong value) =>
        ulong.TryParse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}

using System.Globalization;
using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Sockets;

/// <summary>
/// /proc/net/{tcp,tcp6,udp,udp6}: a header line, then one socket per line whose fourth field (<c>st</c>) is the
/// kernel's TCP state number in hex (UDP reuses them: 07 unconnected, 01 connected).
/// </summary>
public static class SocketTable
{
    /// <summary>Highest state number the kernel defines (TCP_NEW_SYN_RECV = 12), plus room.</summary>
    public const int StateSlots = 16;

    /// <summary>Adds the number of sockets in each state to <paramref name="counts"/> (indexed by state number); returns how many sockets were counted.</summary>
    public static int CountStates(ReadOnlySpan<char> text, Span<int> counts)
    {
        var total = 0;
        Span<Range> f = stackalloc Range[4];
        foreach (var line in text.EnumerateLines())
        {
            if (SpanParsing.SplitFields(line, f) < 4
                || !int.TryParse(line[f[3]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var state)
                || (uint)state >= StateSlots)
            {
                continue; // the header ("st" is not hex) or a malformed line
            }
            counts[state]++;
            total++;
        }
        return total;
    }
}

using System.Globalization;
using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Connections;

/// <summary>
/// /proc/net/{tcp,tcp6,udp,udp6}: a header line, then one socket per line:
/// <c>sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...</c>. The fourth field (<c>st</c>) is the kernel's
/// TCP state number in hex; UDP reuses them (07 unconnected, 01 connected).
/// </summary>
/// <remarks>
/// Producing these files makes the kernel walk its whole socket hash tables (hundreds of thousands of buckets on a
/// large host) whatever the number of sockets, so each is read once per run and one pass serves both the state
/// counts and the listening sockets.
/// </remarks>
public static class SocketTable
{
    /// <summary>Highest state number the kernel defines (TCP_NEW_SYN_RECV = 12), plus room.</summary>
    public const int StateSlots = 16;

    private const int TcpListen = 0x0A;
    private const int UdpUnconnected = 0x07;

    /// <summary>
    /// Adds the number of sockets in each state to <paramref name="counts"/> (indexed by state number) and, to
    /// <paramref name="listeners"/>, the TCP sockets in LISTEN or for UDP the unconnected bound ones (a connected UDP
    /// socket is a client). Returns how many sockets were counted; the header and malformed lines are skipped.
    /// </summary>
    /// <param name="protocol"><c>tcp</c>, <c>tcp6</c>, <c>udp</c> or <c>udp6</c>, after the file.</param>
    public static int Scan(ReadOnlySpan<char> text, string protocol, Span<int> counts, List<ListeningSocket> listeners)
    {
        var listening = protocol.StartsWith("tcp", StringComparison.Ordinal) ? TcpListen : UdpUnconnected;
        var total = 0;
        Span<Range> f = stackalloc Range[10];
        foreach (var line in text.EnumerateLines())
        {
            var n = SpanParsing.SplitFields(line, f);
            if (n < 4
                || !int.TryParse(line[f[3]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var state)
                || (uint)state >= StateSlots)
            {
                continue; // the header ("st" is not hex) or a malformed line
            }
            counts[state]++;
            total++;
            if (state == listening && n == 10
                && ProcNetAddress.TryParse(line[f[1]], out var address, out var port)
                && uint.TryParse(line[f[7]], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && ulong.TryParse(line[f[9]], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                listeners.Add(new ListeningSocket(protocol, address.ToString(), port, uid, inode));
            }
        }
        return total;
    }
}

using System.Globalization;
using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.ListeningPorts;

/// <summary>Picks the listening sockets out of one /proc/net/{tcp,tcp6,udp,udp6} table.</summary>
public static class ListeningSocketTable
{
    private const int TcpListen = 0x0A;
    private const int UdpUnconnected = 0x07;

    /// <summary>
    /// Adds to <paramref name="into"/> the TCP sockets in LISTEN, or for UDP the unconnected bound ones (a connected
    /// UDP socket is a client). Fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    /// </summary>
    public static void Parse(ReadOnlySpan<char> text, string protocol, List<ListeningSocket> into)
    {
        var wanted = protocol.StartsWith("tcp", StringComparison.Ordinal) ? TcpListen : UdpUnconnected;
        Span<Range> f = stackalloc Range[10];
        foreach (var line in text.EnumerateLines())
        {
            if (SpanParsing.SplitFields(line, f) < 10
                || !int.TryParse(line[f[3]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var state)
                || state != wanted
                || !ProcNetAddress.TryParse(line[f[1]], out var address, out var port)
                || !uint.TryParse(line[f[7]], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                || !ulong.TryParse(line[f[9]], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                continue;
            }
            into.Add(new ListeningSocket(protocol, address.ToString(), port, uid, inode));
        }
    }
}

using System.Globalization;
using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Sockets;

/// <summary>
/// /proc/net/sockstat and sockstat6: one line per protocol, a name then key/value pairs, e.g.
/// <c>TCP: inuse 12 orphan 0 tw 3 alloc 15 mem 2</c>, <c>FRAG6: inuse 0 memory 0</c>, <c>sockets: used 210</c>.
/// The kernel keeps these counts as it goes, so unlike the socket tables reading them costs next to nothing.
/// </summary>
public static class SockStat
{
    /// <summary>The value of <paramref name="key"/> on the line of <paramref name="protocol"/> (e.g. <c>TCP</c>, <c>inuse</c>).</summary>
    public static bool TryGet(ReadOnlySpan<char> text, ReadOnlySpan<char> protocol, ReadOnlySpan<char> key, out ulong value)
    {
        value = 0;
        Span<Range> f = stackalloc Range[16];
        foreach (var line in text.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0 || !line[..colon].SequenceEqual(protocol))
            {
                continue;
            }
            var rest = line[(colon + 1)..];
            var n = SpanParsing.SplitFields(rest, f);
            for (var i = 0; i + 1 < n; i += 2)
            {
                if (rest[f[i]].SequenceEqual(key))
                {
                    return ulong.TryParse(rest[f[i + 1]], NumberStyles.None, CultureInfo.InvariantCulture, out value);
                }
            }
            return false;
        }
        return false;
    }
}

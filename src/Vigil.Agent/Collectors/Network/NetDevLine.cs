using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Network;

/// <summary>
/// One interface line of /proc/net/dev: <c>name: rx bytes packets errs drop fifo frame compressed multicast
/// tx bytes packets errs drop fifo colls carrier compressed</c>. The name may touch the first number (<c>eth0:123</c>).
/// </summary>
public static class NetDevLine
{
    public const int RxBytes = 0;
    public const int RxPackets = 1;
    public const int RxErrors = 2;
    public const int RxDropped = 3;
    public const int RxFifo = 4;
    public const int RxFrame = 5;
    public const int RxCompressed = 6;
    public const int RxMulticast = 7;
    public const int TxBytes = 8;
    public const int TxPackets = 9;
    public const int TxErrors = 10;
    public const int TxDropped = 11;
    public const int TxFifo = 12;
    public const int TxCollisions = 13;
    public const int TxCarrier = 14;
    public const int TxCompressed = 15;
    public const int Fields = 16;

    /// <summary>Parses an interface line into <paramref name="values"/> (length <see cref="Fields"/>); false for the headers and malformed lines.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, Span<ulong> values, out Range name)
    {
        name = default;
        var colon = line.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }
        var rest = line[(colon + 1)..];
        Span<Range> f = stackalloc Range[Fields];
        if (SpanParsing.SplitFields(rest, f) < Fields)
        {
            return false;
        }
        for (var i = 0; i < Fields; i++)
        {
            if (!ulong.TryParse(rest[f[i]], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }
        var start = 0;
        while (start < colon && line[start] == ' ')
        {
            start++;
        }
        name = start..colon;
        return start < colon;
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Vigil.Agent.Collectors.Connections;

/// <summary>
/// The <c>ADDRESS:PORT</c> hex notation of /proc/net/{tcp,udp}[6]. The kernel prints the address as 32-bit words
/// straight from memory with %08X, so on a little-endian host each word's bytes come out reversed: 127.0.0.1 is
/// <c>0100007F</c>, and an IPv6 address is four such words. The port is printed as a number, most significant digit first.
/// </summary>
public static class ProcNetAddress
{
    public static bool TryParse(ReadOnlySpan<char> text, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        var colon = text.IndexOf(':');
        if (colon is not (8 or 32)
            || !int.TryParse(text[(colon + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[colon / 2];
        for (var word = 0; word < colon / 8; word++)
        {
            if (!uint.TryParse(text.Slice(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(word * 4, 4), value);
        }
        address = new IPAddress(bytes);
        return true;
    }
}

namespace Vigil.Agent.Collectors.Connections;

/// <summary>A socket accepting traffic: a TCP socket in LISTEN or an unconnected bound UDP socket.</summary>
/// <param name="Protocol"><c>tcp</c>, <c>tcp6</c>, <c>udp</c> or <c>udp6</c>, after the /proc/net file it came from.</param>
/// <param name="Address">Local address as text (<c>0.0.0.0</c>, <c>::</c>, <c>127.0.0.1</c>).</param>
/// <param name="Inode">Socket inode; /proc/PID/fd links to it as <c>socket:[INODE]</c>.</param>
public sealed record ListeningSocket(string Protocol, string Address, int Port, uint Uid, ulong Inode)
{
    public bool IsTcp => Protocol.StartsWith("tcp", StringComparison.Ordinal);

    /// <summary>Inventory key: <c>tcp/0.0.0.0:22</c>, <c>tcp6/[::]:22</c>.</summary>
    public string Key => Protocol.EndsWith('6') ? $"{Protocol}/[{Address}]:{Port}" : $"{Protocol}/{Address}:{Port}";
}

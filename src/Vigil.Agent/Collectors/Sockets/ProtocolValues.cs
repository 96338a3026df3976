namespace Vigil.Agent.Collectors.Sockets;

/// <summary>The values read for one group of protocol counters, and which the kernel has; reused every run.</summary>
internal sealed class ProtocolValues(int columns)
{
    public ulong[] Values { get; } = new ulong[columns];
    public bool[] Found { get; } = new bool[columns];
}

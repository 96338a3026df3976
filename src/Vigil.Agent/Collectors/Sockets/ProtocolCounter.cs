namespace Vigil.Agent.Collectors.Sockets;

/// <summary>A kernel protocol counter (a column of /proc/net/snmp or /proc/net/netstat) and the metric it becomes.</summary>
internal sealed record ProtocolCounter(string Column, string Metric, string Unit, string Description);

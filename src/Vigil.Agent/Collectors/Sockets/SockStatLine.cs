namespace Vigil.Agent.Collectors.Sockets;

/// <summary>A protocol line of /proc/net/sockstat or sockstat6 (e.g. <c>UDP6</c>) and the attributes its figures carry.</summary>
internal sealed record SockStatLine(string Protocol, IReadOnlyDictionary<string, string> Tags);

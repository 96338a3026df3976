using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Sockets;

/// <summary>
/// Socket counts by protocol and TCP state from /proc/net/{tcp,tcp6,udp,udp6}, and TCP/UDP health counters
/// (retransmits, resets, failed opens, listen queue overflows, UDP buffer errors) from /proc/net/snmp, netstat and snmp6.
/// </summary>
/// <remarks>
/// /proc/net is the network namespace of the reader, so the collector reads /proc/1/net (the host init's
/// namespace), falling back to /proc/net. On hosts with hundreds of thousands of sockets the text tables are
/// large; netlink sock_diag would be cheaper there, and is a later step.
/// </remarks>
public sealed class SocketsCollector : ICollector
{
    public const string CollectorName = "sockets";
    private const string Connections = "system.network.connections";

    /// <summary>OpenTelemetry network.connection.state names, indexed by the kernel's state number (include/net/tcp_states.h).</summary>
    private static readonly string?[] StateNames =
    [
        null, "established", "syn_sent", "syn_received", "fin_wait_1", "fin_wait_2", "time_wait", "closed",
        "close_wait", "last_ack", "listen", "closing", "syn_received", // 12: TCP_NEW_SYN_RECV, a request socket still in its handshake
    ];

    private static readonly ProtocolCounter[] Tcp =
    [
        new("RetransSegs", "system.linux.net.tcp.retransmits", "{segment}", "TCP segments retransmitted (Tcp RetransSegs); its rate against system.linux.net.tcp.segments tells of loss."),
        new("ActiveOpens", "system.linux.net.tcp.active_opens", "{connection}", "TCP connections this host opened (Tcp ActiveOpens)."),
        new("PassiveOpens", "system.linux.net.tcp.passive_opens", "{connection}", "TCP connections this host accepted (Tcp PassiveOpens)."),
        new("AttemptFails", "system.linux.net.tcp.attempt_fails", "{connection}", "TCP connection attempts that failed during the handshake (Tcp AttemptFails)."),
        new("EstabResets", "system.linux.net.tcp.established_resets", "{connection}", "Established or close-wait TCP connections reset (Tcp EstabResets)."),
        new("OutRsts", "system.linux.net.tcp.resets_sent", "{segment}", "TCP segments sent with RST (Tcp OutRsts)."),
        new("InErrs", "system.linux.net.tcp.in_errors", "{segment}", "TCP segments received in error, e.g. bad checksum (Tcp InErrs)."),
        new("OutSegs", "system.linux.net.tcp.segments", "{segment}", "TCP segments sent (Tcp OutSegs), the base for a retransmit ratio."),
    ];

    private static readonly ProtocolCounter[] TcpExt =
    [
        new("ListenOverflows", "system.linux.net.tcp.listen_overflows", "{connection}", "Connections dropped because a listener's accept queue was full (TcpExt ListenOverflows): an application not keeping up."),
        new("ListenDrops", "system.linux.net.tcp.listen_drops", "{connection}", "SYNs to a listener dropped for any reason, overflows included (TcpExt ListenDrops)."),
    ];

    private static readonly ProtocolCounter[] Udp =
    [
        new("InErrors", "system.linux.net.udp.in_errors", "{datagram}", "UDP datagrams that could not be delivered, buffer errors included (Udp InErrors plus Udp6InErrors)."),
        new("RcvbufErrors", "system.linux.net.udp.receive_buffer_errors", "{datagram}", "UDP datagrams dropped because a socket's receive buffer was full (Udp and Udp6 RcvbufErrors)."),
        new("SndbufErrors", "system.linux.net.udp.send_buffer_errors", "{datagram}", "UDP datagrams not sent for want of send buffer (Udp and Udp6 SndbufErrors)."),
        new("NoPorts", "system.linux.net.udp.no_ports", "{datagram}", "UDP datagrams to a port nothing listens on (Udp and Udp6 NoPorts)."),
    ];

    private static readonly string[] TcpColumns = Columns(Tcp);
    private static readonly string[] TcpExtColumns = Columns(TcpExt);
    private static readonly string[] UdpColumns = Columns(Udp);

    private readonly Dictionary<string, string>?[] _tcpStateTags = new Dictionary<string, string>?[SocketTable.StateSlots];
    private readonly Dictionary<string, string> _udpTags = Tags.Of("network.transport", "udp");
    private readonly int[] _counts = new int[SocketTable.StateSlots];
    private readonly ulong[] _values = new ulong[8];
    private readonly bool[] _found = new bool[8];

    public SocketsCollector()
    {
        for (var s = 0; s < StateNames.Length; s++)
        {
            if (StateNames[s] is { } name)
            {
                // syn_received appears twice (3 and 12); both share one attribute set and are summed.
                _tcpStateTags[s] = s == 12 ? _tcpStateTags[3] : Tags.Of("network.transport", "tcp", "network.connection.state", name);
            }
        }
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Connections, "{connection}", "Sockets by transport, and for TCP by state (IPv4 and IPv6 together); UDP sockets carry no state.", "network.transport", "network.connection.state"),
            .. Descriptors(Tcp), .. Descriptors(TcpExt), .. Descriptors(Udp),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        WriteConnections(context, output);

        if (TryReadNet(context, "snmp", out var snmp))
        {
            SnmpCounters.Read(snmp, "Tcp", TcpColumns, _values, _found);
            Write(output, Tcp);
            SnmpCounters.Read(snmp, "Udp", UdpColumns, _values, _found);
            // IPv6 UDP is counted apart, in snmp6; IPv6 TCP is already in the Tcp line.
            if (TryReadNet(context, "snmp6", out var snmp6, reportMissing: false))
            {
                SnmpCounters.AddFlat(snmp6, "Udp6", UdpColumns, _values, _found);
            }
            Write(output, Udp);
        }
        if (TryReadNet(context, "netstat", out var netstat))
        {
            SnmpCounters.Read(netstat, "TcpExt", TcpExtColumns, _values, _found);
            Write(output, TcpExt);
        }
        return ValueTask.CompletedTask;
    }

    private void WriteConnections(CollectionContext context, RecordWriter output)
    {
        Array.Clear(_counts);
        // Each read reuses the reader's buffer, so a table is counted before the next is read.
        var tcpSeen = false;
        if (TryReadNet(context, "tcp", out var tcp4))
        {
            SocketTable.CountStates(tcp4, _counts);
            tcpSeen = true;
        }
        if (TryReadNet(context, "tcp6", out var tcp6))
        {
            SocketTable.CountStates(tcp6, _counts);
            tcpSeen = true;
        }
        if (tcpSeen)
        {
            var syn = _counts[3] + _counts[12];
            for (var s = 1; s < StateNames.Length - 1; s++)
            {
                output.Gauge(Connections, s == 3 ? syn : _counts[s], _tcpStateTags[s]);
            }
        }
        Array.Clear(_counts);
        var udp = 0;
        if (TryReadNet(context, "udp", out var udp4))
        {
            udp += SocketTable.CountStates(udp4, _counts);
        }
        if (TryReadNet(context, "udp6", out var udp6))
        {
            udp += SocketTable.CountStates(udp6, _counts);
        }
        output.Gauge(Connections, udp, _udpTags);
    }

    private void Write(RecordWriter output, ProtocolCounter[] counters)
    {
        for (var i = 0; i < counters.Length; i++)
        {
            if (_found[i])
            {
                output.Counter(counters[i].Metric, _values[i]);
            }
        }
    }

    /// <summary>Reads /proc/1/net/NAME, else /proc/net/NAME; a file neither has (tcp6 with IPv6 disabled) is reported unavailable.</summary>
    private static bool TryReadNet(CollectionContext context, string name, out ReadOnlySpan<char> text, bool reportMissing = true)
    {
        try
        {
            if (context.Files.TryRead(context.Paths.InProc("1/net/" + name), out text))
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var path = context.Paths.InProc("net/" + name);
        try
        {
            text = context.Files.Read(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (reportMissing)
            {
                context.Unavailable(path, e is FileNotFoundException or DirectoryNotFoundException ? "not present" : e.Message);
            }
            text = default;
            return false;
        }
    }

    private static string[] Columns(ProtocolCounter[] counters) => Array.ConvertAll(counters, c => c.Column);

    private static MetricDescriptor[] Descriptors(ProtocolCounter[] counters) =>
        Array.ConvertAll(counters, c => MetricDescriptor.Counter(c.Metric, c.Unit, c.Description + " Linux-specific, hence system.linux.*."));
}

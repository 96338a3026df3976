using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Sockets;

/// <summary>
/// Socket figures the kernel keeps as running counts, cheap enough to read every 10 seconds: sockets in use by
/// protocol and IP version, TCP orphans, time-wait and allocated sockets, TCP and UDP buffer memory and IP fragment
/// reassembly from /proc/net/sockstat and sockstat6; TCP, UDP, IP and ICMP counters (retransmits, resets, failed opens,
/// listen queue overflows, timeouts, UDP buffer errors, IP discards and forwarding) from /proc/net/snmp, netstat and snmp6.
/// </summary>
/// <remarks>
/// /proc/net is the network namespace of the reader, so the collector reads /proc/1/net (the host init's
/// namespace), falling back to /proc/net. Counts by TCP state need the socket tables, whose reading makes the kernel
/// walk its whole socket hash; the <c>connections</c> collector reads them once a minute.
/// </remarks>
public sealed class SocketsCollector : ICollector
{
    public const string CollectorName = "sockets";
    private const string Used = "system.linux.net.sockets.used";
    private const string InUse = "system.linux.net.sockets.in_use";
    private const string Memory = "system.linux.net.sockets.memory";
    private const string Orphans = "system.linux.net.tcp.orphans";
    private const string TimeWait = "system.linux.net.tcp.time_wait";
    private const string Allocated = "system.linux.net.tcp.allocated";
    private const string FragmentQueues = "system.linux.net.ip.fragment.queues";
    private const string FragmentMemory = "system.linux.net.ip.fragment.memory";

    private const int Snmp = 0, Snmp6 = 1, Netstat = 2, Sockstat = 3, Sockstat6 = 4;
    private static readonly string[] Files = ["snmp", "snmp6", "netstat", "sockstat", "sockstat6"];

    private static readonly SockStatLine[] InUse4 =
    [
        new("TCP", Tags.Of("network.transport", "tcp", "network.type", "ipv4")),
        new("UDP", Tags.Of("network.transport", "udp", "network.type", "ipv4")),
        new("UDPLITE", Tags.Of("network.transport", "udplite", "network.type", "ipv4")),
        new("RAW", Tags.Of("network.transport", "raw", "network.type", "ipv4")),
    ];

    private static readonly SockStatLine[] InUse6 =
    [
        new("TCP6", Tags.Of("network.transport", "tcp", "network.type", "ipv6")),
        new("UDP6", Tags.Of("network.transport", "udp", "network.type", "ipv6")),
        new("UDPLITE6", Tags.Of("network.transport", "udplite", "network.type", "ipv6")),
        new("RAW6", Tags.Of("network.transport", "raw", "network.type", "ipv6")),
    ];

    private static readonly SockStatLine Frag4 = new("FRAG", Tags.Of("network.type", "ipv4"));
    private static readonly SockStatLine Frag6 = new("FRAG6", Tags.Of("network.type", "ipv6"));
    private static readonly Dictionary<string, string> TcpTags = Tags.Of("network.transport", "tcp");
    private static readonly Dictionary<string, string> UdpTags = Tags.Of("network.transport", "udp");

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
        new("SyncookiesSent", "system.linux.net.tcp.syncookies_sent", "{segment}", "SYN cookies sent because a listener's SYN queue was full (TcpExt SyncookiesSent): a SYN flood or a listener far behind."),
        new("SyncookiesFailed", "system.linux.net.tcp.syncookies_failed", "{segment}", "ACKs carrying an invalid SYN cookie (TcpExt SyncookiesFailed)."),
        new("TCPTimeouts", "system.linux.net.tcp.timeouts", "{event}", "Retransmission timer expiries (TcpExt TCPTimeouts): loss that fast retransmit could not repair."),
        new("TCPSynRetrans", "system.linux.net.tcp.syn_retransmits", "{segment}", "SYN and SYN-ACK retransmissions (TcpExt TCPSynRetrans): peers not answering connection attempts."),
        new("TCPAbortOnTimeout", "system.linux.net.tcp.aborts_on_timeout", "{connection}", "Connections given up after too many retransmissions or keepalive probes (TcpExt TCPAbortOnTimeout)."),
        new("TCPAbortOnMemory", "system.linux.net.tcp.aborts_on_memory", "{connection}", "Connections reset for want of TCP memory or too many orphans (TcpExt TCPAbortOnMemory)."),
        new("TCPMemoryPressures", "system.linux.net.tcp.memory_pressures", "{event}", "Times TCP entered memory pressure, net.ipv4.tcp_mem's middle threshold (TcpExt TCPMemoryPressures)."),
        new("TCPBacklogDrop", "system.linux.net.tcp.backlog_drops", "{segment}", "Segments dropped because a busy socket's backlog was full (TcpExt TCPBacklogDrop)."),
        new("TCPRcvQDrop", "system.linux.net.tcp.receive_queue_drops", "{segment}", "Segments dropped because the receive queue was over its buffer (TcpExt TCPRcvQDrop): an application not reading."),
    ];

    private static readonly ProtocolCounter[] Ip =
    [
        new("InReceives", "system.linux.net.ip.received", "{datagram}", "IP datagrams received, errors included (Ip InReceives plus Ip6InReceives)."),
        new("OutRequests", "system.linux.net.ip.sent", "{datagram}", "IP datagrams handed down for sending by local protocols (Ip OutRequests plus Ip6OutRequests)."),
        new("ForwDatagrams", "system.linux.net.ip.forwarded", "{datagram}", "IP datagrams this host forwarded as a router (Ip ForwDatagrams plus Ip6OutForwDatagrams)."),
        new("InDiscards", "system.linux.net.ip.in_discards", "{datagram}", "Received IP datagrams discarded without error, e.g. for want of buffers (Ip InDiscards plus Ip6InDiscards)."),
        new("InHdrErrors", "system.linux.net.ip.in_header_errors", "{datagram}", "Received IP datagrams with a bad header: checksum, version, TTL exceeded (Ip InHdrErrors plus Ip6InHdrErrors)."),
        new("InAddrErrors", "system.linux.net.ip.in_address_errors", "{datagram}", "Received IP datagrams for an address this host does not have or forward (Ip InAddrErrors plus Ip6InAddrErrors)."),
        new("OutNoRoutes", "system.linux.net.ip.out_no_routes", "{datagram}", "IP datagrams dropped because no route led to their destination (Ip OutNoRoutes plus Ip6OutNoRoutes)."),
        new("ReasmFails", "system.linux.net.ip.reassembly_failures", "{event}", "Fragmented IP datagrams that could not be reassembled (Ip ReasmFails plus Ip6ReasmFails)."),
    ];

    /// <summary>The snmp6 names of <see cref="Ip"/>'s columns, in the same order (IPv6 says OutForwDatagrams).</summary>
    private static readonly string[] Ip6Columns = ["InReceives", "OutRequests", "OutForwDatagrams", "InDiscards", "InHdrErrors", "InAddrErrors", "OutNoRoutes", "ReasmFails"];

    private static readonly ProtocolCounter[] Icmp =
    [
        new("InMsgs", "system.linux.net.icmp.received", "{message}", "ICMP messages received (Icmp InMsgs plus Icmp6InMsgs)."),
        new("OutMsgs", "system.linux.net.icmp.sent", "{message}", "ICMP messages sent (Icmp OutMsgs plus Icmp6OutMsgs); many destination-unreachables sent mean traffic to closed ports."),
        new("InErrors", "system.linux.net.icmp.in_errors", "{message}", "ICMP messages received with errors (Icmp InErrors plus Icmp6InErrors)."),
    ];

    private static readonly ProtocolCounter[] Udp =
    [
        new("InDatagrams", "system.linux.net.udp.received", "{datagram}", "UDP datagrams delivered to sockets (Udp InDatagrams plus Udp6InDatagrams)."),
        new("OutDatagrams", "system.linux.net.udp.sent", "{datagram}", "UDP datagrams sent (Udp OutDatagrams plus Udp6OutDatagrams)."),
        new("InErrors", "system.linux.net.udp.in_errors", "{datagram}", "UDP datagrams that could not be delivered, buffer errors included (Udp InErrors plus Udp6InErrors)."),
        new("RcvbufErrors", "system.linux.net.udp.receive_buffer_errors", "{datagram}", "UDP datagrams dropped because a socket's receive buffer was full (Udp and Udp6 RcvbufErrors)."),
        new("SndbufErrors", "system.linux.net.udp.send_buffer_errors", "{datagram}", "UDP datagrams not sent for want of send buffer (Udp and Udp6 SndbufErrors)."),
        new("NoPorts", "system.linux.net.udp.no_ports", "{datagram}", "UDP datagrams to a port nothing listens on (Udp and Udp6 NoPorts)."),
    ];

    private static readonly string[] TcpColumns = Columns(Tcp);
    private static readonly string[] TcpExtColumns = Columns(TcpExt);
    private static readonly string[] UdpColumns = Columns(Udp);
    private static readonly string[] IpColumns = Columns(Ip);
    private static readonly string[] IcmpColumns = Columns(Icmp);
    private static readonly int MaxColumns = Math.Max(Math.Max(Tcp.Length, TcpExt.Length), Math.Max(Math.Max(Udp.Length, Ip.Length), Icmp.Length));

    private readonly ProtocolValues _tcp = new(MaxColumns);
    private readonly ProtocolValues _udp = new(MaxColumns);
    private readonly ProtocolValues _ip = new(MaxColumns);
    private readonly ProtocolValues _icmp = new(MaxColumns);
    private string[]? _paths;
    private string[]? _fallbackPaths;

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Used, "{socket}", "Sockets of every family allocated on the host (sockstat \"sockets: used\"), Unix sockets included. Linux-specific, hence system.linux.*."),
            MetricDescriptor.Gauge(InUse, "{socket}", "Sockets in use by transport (tcp, udp, udplite, raw) and IP version, from sockstat (ipv4) and sockstat6 (ipv6). Counting by TCP state needs the socket tables: see system.network.connections. Linux-specific.", "network.transport", "network.type"),
            MetricDescriptor.Gauge(Orphans, "{socket}", "TCP sockets no process holds any more, still finishing their close (sockstat TCP orphan). Past net.ipv4.tcp_max_orphans the kernel resets them. Linux-specific."),
            MetricDescriptor.Gauge(TimeWait, "{socket}", "TCP sockets in TIME-WAIT, IPv4 and IPv6 (sockstat TCP tw). Many mean many short connections; past net.ipv4.tcp_max_tw_buckets new ones are destroyed early. Linux-specific."),
            MetricDescriptor.Gauge(Allocated, "{socket}", "TCP sockets allocated, IPv4 and IPv6, in any state (sockstat TCP alloc). Linux-specific."),
            MetricDescriptor.Gauge(Memory, "By", "Memory the kernel has allocated to TCP and to UDP socket buffers, IPv4 and IPv6 (sockstat mem, pages times the page size). Compare with net.ipv4.tcp_mem / udp_mem: past their pressure threshold the kernel shrinks buffers. Linux-specific.", "network.transport"),
            MetricDescriptor.Gauge(FragmentQueues, "{queue}", "IP datagrams being reassembled from fragments (sockstat FRAG inuse, FRAG6 for ipv6). Linux-specific.", "network.type"),
            MetricDescriptor.Gauge(FragmentMemory, "By", "Memory held by IP fragments awaiting reassembly (sockstat FRAG memory); past net.ipv4.ipfrag_high_thresh fragments are dropped. Linux-specific.", "network.type"),
            .. Descriptors(Tcp), .. Descriptors(TcpExt), .. Descriptors(Udp), .. Descriptors(Ip), .. Descriptors(Icmp),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        // Each read reuses the reader's buffer, so a file is parsed before the next is read.
        if (TryReadNet(context, Snmp, out var snmp))
        {
            SnmpCounters.Read(snmp, "Tcp", TcpColumns, _tcp.Values, _tcp.Found);
            Write(output, Tcp, _tcp);
            SnmpCounters.Read(snmp, "Udp", UdpColumns, _udp.Values, _udp.Found);
            SnmpCounters.Read(snmp, "Ip", IpColumns, _ip.Values, _ip.Found);
            SnmpCounters.Read(snmp, "Icmp", IcmpColumns, _icmp.Values, _icmp.Found);
            // IPv6 UDP, IP and ICMP are counted apart, in snmp6; IPv6 TCP is already in the Tcp line. Reading snmp6
            // reuses the buffer snmp was in, so every snmp group is parsed first.
            if (TryReadNet(context, Snmp6, out var snmp6, reportMissing: false))
            {
                SnmpCounters.AddFlat(snmp6, "Udp6", UdpColumns, _udp.Values, _udp.Found);
                SnmpCounters.AddFlat(snmp6, "Ip6", Ip6Columns, _ip.Values, _ip.Found);
                SnmpCounters.AddFlat(snmp6, "Icmp6", IcmpColumns, _icmp.Values, _icmp.Found);
            }
            Write(output, Udp, _udp);
            Write(output, Ip, _ip);
            Write(output, Icmp, _icmp);
        }
        if (TryReadNet(context, Netstat, out var netstat))
        {
            SnmpCounters.Read(netstat, "TcpExt", TcpExtColumns, _tcp.Values, _tcp.Found);
            Write(output, TcpExt, _tcp);
        }
        if (TryReadNet(context, Sockstat, out var sockstat))
        {
            WriteSockStat(output, sockstat);
        }
        // Absent when IPv6 is disabled, which is a choice rather than a fault.
        if (TryReadNet(context, Sockstat6, out var sockstat6, reportMissing: false))
        {
            WriteInUse(output, sockstat6, InUse6, Frag6);
        }
        return ValueTask.CompletedTask;
    }

    private static void WriteSockStat(RecordWriter output, ReadOnlySpan<char> text)
    {
        if (SockStat.TryGet(text, "sockets", "used", out var used))
        {
            output.Gauge(Used, used);
        }
        WriteInUse(output, text, InUse4, Frag4);
        if (SockStat.TryGet(text, "TCP", "orphan", out var orphans))
        {
            output.Gauge(Orphans, orphans);
        }
        if (SockStat.TryGet(text, "TCP", "tw", out var timeWait))
        {
            output.Gauge(TimeWait, timeWait);
        }
        if (SockStat.TryGet(text, "TCP", "alloc", out var allocated))
        {
            output.Gauge(Allocated, allocated);
        }
        // TCP and UDP memory is counted in pages, shared by IPv4 and IPv6, so it is only on the IPv4 lines.
        var pageSize = (ulong)Environment.SystemPageSize;
        if (SockStat.TryGet(text, "TCP", "mem", out var tcpPages))
        {
            output.Gauge(Memory, tcpPages * pageSize, TcpTags);
        }
        if (SockStat.TryGet(text, "UDP", "mem", out var udpPages))
        {
            output.Gauge(Memory, udpPages * pageSize, UdpTags);
        }
    }

    private static void WriteInUse(RecordWriter output, ReadOnlySpan<char> text, SockStatLine[] lines, SockStatLine frag)
    {
        foreach (var line in lines)
        {
            if (SockStat.TryGet(text, line.Protocol, "inuse", out var inUse))
            {
                output.Gauge(InUse, inUse, line.Tags);
            }
        }
        if (SockStat.TryGet(text, frag.Protocol, "inuse", out var queues))
        {
            output.Gauge(FragmentQueues, queues, frag.Tags);
        }
        // Fragment memory is in bytes already.
        if (SockStat.TryGet(text, frag.Protocol, "memory", out var bytes))
        {
            output.Gauge(FragmentMemory, bytes, frag.Tags);
        }
    }

    private static void Write(RecordWriter output, ProtocolCounter[] counters, ProtocolValues read)
    {
        for (var i = 0; i < counters.Length; i++)
        {
            if (read.Found[i])
            {
                output.Counter(counters[i].Metric, read.Values[i]);
            }
        }
    }

    /// <summary>Reads /proc/1/net/NAME, else /proc/net/NAME; a file neither has is reported unavailable if <paramref name="reportMissing"/>.</summary>
    private bool TryReadNet(CollectionContext context, int file, out ReadOnlySpan<char> text, bool reportMissing = true)
    {
        _paths ??= Array.ConvertAll(Files, f => context.Paths.InProc("1/net/" + f));
        _fallbackPaths ??= Array.ConvertAll(Files, f => context.Paths.InProc("net/" + f));
        return context.Files.TryRead(_paths[file], out text, out _)
            || (reportMissing
                ? context.TryReadSource(_fallbackPaths[file], out text)
                : context.Files.TryRead(_fallbackPaths[file], out text, out _));
    }

    private static string[] Columns(ProtocolCounter[] counters) => Array.ConvertAll(counters, c => c.Column);

    private static MetricDescriptor[] Descriptors(ProtocolCounter[] counters) =>
        Array.ConvertAll(counters, c => MetricDescriptor.Counter(c.Metric, c.Unit, c.Description + " Linux-specific, hence system.linux.*."));
}

using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Sockets;

/// <summary>
/// Socket figures the kernel keeps as running counts, cheap enough to read every 10 seconds: sockets in use by
/// protocol and IP version, TCP orphans, time-wait and allocated sockets, TCP and UDP buffer memory and IP fragment
/// reassembly from /proc/net/sockstat and sockstat6; TCP/UDP health counters (retransmits, resets, failed opens,
/// listen queue overflows, UDP buffer errors) from /proc/net/snmp, netstat and snmp6.
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

    private readonly ulong[] _values = new ulong[8];
    private readonly bool[] _found = new bool[8];
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
            .. Descriptors(Tcp), .. Descriptors(TcpExt), .. Descriptors(Udp),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        // Each read reuses the reader's buffer, so a file is parsed before the next is read.
        if (TryReadNet(context, Snmp, out var snmp))
        {
            SnmpCounters.Read(snmp, "Tcp", TcpColumns, _values, _found);
            Write(output, Tcp);
            SnmpCounters.Read(snmp, "Udp", UdpColumns, _values, _found);
            // IPv6 UDP is counted apart, in snmp6; IPv6 TCP is already in the Tcp line.
            if (TryReadNet(context, Snmp6, out var snmp6, reportMissing: false))
            {
                SnmpCounters.AddFlat(snmp6, "Udp6", UdpColumns, _values, _found);
            }
            Write(output, Udp);
        }
        if (TryReadNet(context, Netstat, out var netstat))
        {
            SnmpCounters.Read(netstat, "TcpExt", TcpExtColumns, _values, _found);
            Write(output, TcpExt);
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

    /// <summary>Reads /proc/1/net/NAME, else /proc/net/NAME; a file neither has is reported unavailable if <paramref name="reportMissing"/>.</summary>
    private bool TryReadNet(CollectionContext context, int file, out ReadOnlySpan<char> text, bool reportMissing = true)
    {
        _paths ??= Array.ConvertAll(Files, f => context.Paths.InProc("1/net/" + f));
        _fallbackPaths ??= Array.ConvertAll(Files, f => context.Paths.InProc("net/" + f));
        try
        {
            if (context.Files.TryRead(_paths[file], out text))
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var path = _fallbackPaths[file];
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

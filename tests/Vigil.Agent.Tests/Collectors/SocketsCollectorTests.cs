using Vigil.Agent.Collectors.Sockets;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class SocketsCollectorTests
{
    private static readonly string[] Files = ["snmp", "netstat", "snmp6", "sockstat", "sockstat6"];

    /// <summary>Files recorded with a few listeners, loopback connections, some sockets in time-wait and bound UDP sockets.</summary>
    private static TempHostRoot RecordedRoot(string netDirectory = "proc/1/net")
    {
        var root = new TempHostRoot();
        foreach (var file in Files)
        {
            root.CopyFixture("sockets/" + file, netDirectory + "/" + file);
        }
        return root;
    }

    [Fact]
    public void Reports_sockets_in_use_by_transport_and_ip_version_from_sockstat()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        Assert.Equal(20, Single(result, "system.linux.net.sockets.used").Value);
        Assert.Equal(6, Single(result, "system.linux.net.sockets.in_use", ("network.transport", "tcp"), ("network.type", "ipv4")).Value);
        Assert.Equal(1, Single(result, "system.linux.net.sockets.in_use", ("network.transport", "tcp"), ("network.type", "ipv6")).Value);
        Assert.Equal(3, Single(result, "system.linux.net.sockets.in_use", ("network.transport", "udp"), ("network.type", "ipv4")).Value);
        Assert.Equal(2, Single(result, "system.linux.net.sockets.in_use", ("network.transport", "udp"), ("network.type", "ipv6")).Value);
        Assert.Equal(8, Metrics(result).Count(m => m.Name == "system.linux.net.sockets.in_use"));
        Assert.Equal(3, Single(result, "system.linux.net.tcp.time_wait").Value);
        Assert.Equal(7, Single(result, "system.linux.net.tcp.allocated").Value);
        Assert.Equal(0, Single(result, "system.linux.net.tcp.orphans").Value);
        Assert.Equal(0, Single(result, "system.linux.net.ip.fragment.queues", ("network.type", "ipv6")).Value);
        // The expensive socket tables are not this collector's business any more.
        Assert.DoesNotContain(Metrics(result), m => m.Name.StartsWith("system.network.", StringComparison.Ordinal));
    }

    [Fact]
    public void Socket_memory_is_converted_from_pages_to_bytes()
    {
        using var root = new TempHostRoot();
        root.Write("proc/net/sockstat", "sockets: used 310\nTCP: inuse 12 orphan 2 tw 40 alloc 15 mem 37\nUDP: inuse 4 mem 5\nFRAG: inuse 1 memory 4096\n");
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        var page = (double)Environment.SystemPageSize;
        Assert.Equal(37 * page, Single(result, "system.linux.net.sockets.memory", ("network.transport", "tcp")).Value);
        Assert.Equal(5 * page, Single(result, "system.linux.net.sockets.memory", ("network.transport", "udp")).Value);
        Assert.Equal(2, Single(result, "system.linux.net.tcp.orphans").Value);
        Assert.Equal(1, Single(result, "system.linux.net.ip.fragment.queues", ("network.type", "ipv4")).Value);
        Assert.Equal(4096, Single(result, "system.linux.net.ip.fragment.memory", ("network.type", "ipv4")).Value);
        // Lines this kernel lacks (UDPLITE, RAW) and the missing sockstat6 give no series and no complaint about IPv6.
        Assert.Equal(2, Metrics(result).Count(m => m.Name == "system.linux.net.sockets.in_use"));
        Assert.DoesNotContain(result.Unavailable, u => u.Source.EndsWith("sockstat6", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TCP", "tw", true, 40)]
    [InlineData("TCP", "mem", true, 37)]
    [InlineData("TCP6", "inuse", false, 0)]   // "TCP6" is not "TCP", and the reverse
    [InlineData("UDP", "orphan", false, 0)]   // no such key on that line
    [InlineData("RAW", "inuse", false, 0)]    // value not a number
    [InlineData("FRAG", "memory", false, 0)]  // key without a value
    public void Sockstat_values_are_found_by_line_and_key(string protocol, string key, bool found, ulong value)
    {
        const string text = "sockets: used 310\nTCP: inuse 12 orphan 2 tw 40 alloc 15 mem 37\nUDP: inuse 4 mem 5\nRAW: inuse x\nFRAG: inuse 1 memory\n";
        Assert.Equal(found, SockStat.TryGet(text, protocol, key, out var v));
        Assert.Equal(value, v);
    }

    [Fact]
    public void Reports_tcp_and_udp_protocol_counters_by_column_name()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        // Tcp: 1 200 120000 -1 71 30 3 9 3 3683 2758 9 0 42 0
        Assert.Equal(9, Single(result, "system.linux.net.tcp.retransmits").Value);
        Assert.Equal(71, Single(result, "system.linux.net.tcp.active_opens").Value);
        Assert.Equal(30, Single(result, "system.linux.net.tcp.passive_opens").Value);
        Assert.Equal(3, Single(result, "system.linux.net.tcp.attempt_fails").Value);
        Assert.Equal(9, Single(result, "system.linux.net.tcp.established_resets").Value);
        Assert.Equal(42, Single(result, "system.linux.net.tcp.resets_sent").Value);
        Assert.Equal(2758, Single(result, "system.linux.net.tcp.segments").Value);
        Assert.Equal(0, Single(result, "system.linux.net.tcp.listen_overflows").Value);
        Assert.Equal(0, Single(result, "system.linux.net.udp.receive_buffer_errors").Value);
    }

    [Fact]
    public void Ip_icmp_and_udp_traffic_add_ipv4_from_snmp_and_ipv6_from_snmp6()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        Assert.Equal(3761 + 1, Single(result, "system.linux.net.ip.received").Value);   // Ip InReceives + Ip6InReceives
        Assert.Equal(2844 + 10, Single(result, "system.linux.net.ip.sent").Value);      // OutRequests + Ip6OutRequests
        Assert.Equal(0, Single(result, "system.linux.net.ip.forwarded").Value);         // ForwDatagrams + Ip6OutForwDatagrams
        Assert.Equal(1 + 1, Single(result, "system.linux.net.icmp.received").Value);
        Assert.Equal(0 + 9, Single(result, "system.linux.net.icmp.sent").Value);
        Assert.Equal(0 + 1, Single(result, "system.linux.net.icmp.in_errors").Value);
        Assert.Equal(77, Single(result, "system.linux.net.udp.received").Value);
        Assert.Equal(78, Single(result, "system.linux.net.udp.sent").Value);
        Assert.Equal(2, Single(result, "system.linux.net.tcp.timeouts").Value);
        Assert.Equal(0, Single(result, "system.linux.net.tcp.syncookies_sent").Value);
    }

    [Fact]
    public void Ipv6_forwarding_is_added_under_its_own_snmp6_name()
    {
        using var root = new TempHostRoot();
        root.Write("proc/net/snmp", "Ip: Forwarding InReceives ForwDatagrams\nIp: 1 100 7\n");
        root.Write("proc/net/snmp6", "Ip6InReceives 50\nIp6OutForwDatagrams 5\nIp6ForwDatagrams 999\n");
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        Assert.Equal(12, Single(result, "system.linux.net.ip.forwarded").Value);
        Assert.Equal(150, Single(result, "system.linux.net.ip.received").Value);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.net.ip.out_no_routes"); // no such column here
    }

    [Fact]
    public void Udp_errors_add_ipv4_and_ipv6_and_rates_follow()
    {
        using var root = new TempHostRoot();
        const string tcpHeader = "Tcp: RtoAlgorithm RetransSegs\n";
        root.Write("proc/net/snmp", tcpHeader + "Tcp: 1 100\nUdp: InDatagrams InErrors RcvbufErrors\nUdp: 10 4 2\n");
        root.Write("proc/net/snmp6", "Udp6InDatagrams 5\nUdp6InErrors 6\nUdp6RcvbufErrors 1\n");
        root.Write("proc/net/netstat", "TcpExt: ListenOverflows ListenDrops\nTcpExt: 0 0\n");
        var harness = new CollectorHarness(new SocketsCollector(), root.Root);
        var first = harness.Run();
        Assert.Equal(10, Single(first, "system.linux.net.udp.in_errors").Value);
        Assert.Equal(3, Single(first, "system.linux.net.udp.receive_buffer_errors").Value);
        Assert.DoesNotContain(Metrics(first), m => m.Name == "system.linux.net.udp.send_buffer_errors"); // no such column here

        root.Write("proc/net/snmp", tcpHeader + "Tcp: 1 150\nUdp: InDatagrams InErrors RcvbufErrors\nUdp: 10 4 2\n");
        root.Write("proc/net/netstat", "TcpExt: ListenOverflows ListenDrops\nTcpExt: 20 25\n");
        var second = harness.RunAfter(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Single(second, "system.linux.net.tcp.retransmits").Rate);
        Assert.Equal(2, Single(second, "system.linux.net.tcp.listen_overflows").Rate);
    }

    [Fact]
    public void Reads_proc_net_when_the_host_init_is_hidden_and_reports_missing_files()
    {
        using var root = RecordedRoot("proc/net");
        File.Delete(Path.Combine(root.Root, "proc/net/netstat"));
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        Assert.Equal(20, Single(result, "system.linux.net.sockets.used").Value);
        Assert.EndsWith("proc/net/netstat", Assert.Single(result.Unavailable).Source);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.net.tcp.listen_overflows");
    }

    [Fact]
    public void Reads_the_live_files_of_this_machine()
    {
        var result = new CollectorHarness(new SocketsCollector(), HostPaths.Default).Run();
        Assert.Empty(result.Unavailable);
        Assert.True(Single(result, "system.linux.net.tcp.active_opens").Value >= 0);
        Assert.True(Single(result, "system.linux.net.sockets.used").Value > 0);
        Assert.Contains(Metrics(result), m => m.Name == "system.linux.net.sockets.in_use" && m.Attributes!["network.type"] == "ipv6");
    }
}

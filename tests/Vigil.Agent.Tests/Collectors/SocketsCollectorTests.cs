using Vigil.Agent.Collectors.Sockets;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class SocketsCollectorTests
{
    private static readonly string[] Files = ["tcp", "tcp6", "udp", "udp6", "snmp", "netstat", "snmp6"];

    /// <summary>Tables recorded with a few listeners, one loopback connection each way and some sockets closing.</summary>
    private static TempHostRoot RecordedRoot(string netDirectory = "proc/1/net")
    {
        var root = new TempHostRoot();
        foreach (var file in Files)
        {
            root.CopyFixture("sockets/" + file, netDirectory + "/" + file);
        }
        return root;
    }

    private static double Tcp(Vigil.Agent.Pipeline.CollectorRunResult result, string state) =>
        Single(result, "system.network.connections", ("network.transport", "tcp"), ("network.connection.state", state)).Value;

    [Fact]
    public void Counts_tcp_sockets_by_state_over_ipv4_and_ipv6()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        Assert.Equal(5, Tcp(result, "listen"));      // 3 in tcp, 2 in tcp6
        Assert.Equal(2, Tcp(result, "established"));
        Assert.Equal(1, Tcp(result, "close_wait"));
        Assert.Equal(1, Tcp(result, "fin_wait_2"));
        Assert.Equal(7, Tcp(result, "time_wait"));
        Assert.Equal(0, Tcp(result, "syn_received"));
        Assert.Equal(11, Metrics(result).Count(m => m.Name == "system.network.connections" && m.Attributes!["network.transport"] == "tcp"));
        Assert.Equal(3, Single(result, "system.network.connections", ("network.transport", "udp")).Value);
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
    public void Reads_proc_net_when_the_host_init_is_hidden_and_reports_missing_tables()
    {
        using var root = RecordedRoot("proc/net");
        File.Delete(Path.Combine(root.Root, "proc/net/tcp6")); // IPv6 disabled
        var result = new CollectorHarness(new SocketsCollector(), root.Root).Run();

        Assert.Equal(3, Tcp(result, "listen"));
        Assert.EndsWith("proc/net/tcp6", Assert.Single(result.Unavailable).Source);
    }

    [Fact]
    public void Malformed_table_lines_are_skipped()
    {
        Span<int> counts = stackalloc int[SocketTable.StateSlots];
        var n = SocketTable.CountStates("  sl  local_address rem_address   st\n   0: 00000000:1F90 00000000:0000 0A\n   1: x y ZZ\n   2: x y 1F\n   3:\n", counts);
        Assert.Equal(1, n);
        Assert.Equal(1, counts[0x0A]);
    }

    [Fact]
    public void Reads_the_live_tables_of_this_machine()
    {
        var result = new CollectorHarness(new SocketsCollector(), HostPaths.Default).Run();
        Assert.Empty(result.Unavailable);
        Assert.True(Single(result, "system.linux.net.tcp.active_opens").Value >= 0);
        Assert.Equal(11, Metrics(result).Count(m => m.Name == "system.network.connections" && m.Attributes!["network.transport"] == "tcp"));
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Agent.Collectors.Connections;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class ConnectionsCollectorTests
{
    /// <summary>
    /// The recorded socket tables, plus a fake process table: pid 100 (sshd) holds two listeners, pid 200 (nginx)
    /// one, pid 300 none, and pid 1 has no fd folder at all, like a process that exited mid-scan.
    /// </summary>
    private static TempHostRoot RecordedRoot()
    {
        var root = new TempHostRoot();
        foreach (var table in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            root.CopyFixture("sockets/" + table, "proc/1/net/" + table);
        }
        Process(root, 100, "sshd", ("0", "/dev/null"), ("3", "socket:[66872]"), ("4", "pipe:[123]"), ("7", "socket:[66875]"));
        Process(root, 200, "nginx", ("5", "socket:[66873]"), ("6", "socket:[99999]"));
        Process(root, 300, "sleep", ("0", "/dev/null"));
        return root;
    }

    private static void Process(TempHostRoot root, int pid, string comm, params (string Fd, string Target)[] fds)
    {
        var dir = Path.Combine(root.Root, "proc", pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(dir, "fd"));
        root.Write($"proc/{pid}/comm", comm + "\n");
        foreach (var (fd, target) in fds)
        {
            File.CreateSymbolicLink(Path.Combine(dir, "fd", fd), target);
        }
    }

    private static IReadOnlyList<InventoryItem> Ports(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "listening_ports").Items;

    private static double Tcp(CollectorRunResult result, string state) =>
        Single(result, "system.network.connections", ("network.transport", "tcp"), ("network.connection.state", state)).Value;

    [Fact]
    public void Counts_tcp_sockets_by_state_over_ipv4_and_ipv6()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new ConnectionsCollector(), root.Root).Run();

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
    public void A_missing_table_is_reported_and_the_others_still_counted()
    {
        using var root = RecordedRoot();
        root.Delete("proc/1/net/tcp6"); // IPv6 disabled: no tcp6 in either place
        var result = new CollectorHarness(new ConnectionsCollector(), root.Root).Run();

        Assert.Equal(3, Tcp(result, "listen"));
        Assert.EndsWith("proc/net/tcp6", Assert.Single(result.Unavailable).Source);
        Assert.DoesNotContain(Ports(result), p => p.Key.StartsWith("tcp6/", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_any_socket_table_nothing_is_claimed()
    {
        using var root = new TempHostRoot();
        var result = new CollectorHarness(new ConnectionsCollector(), root.Root).Run();

        Assert.Empty(result.Records); // no counts and no empty inventory that would say "no ports"
        Assert.Equal(4, result.Unavailable.Count);
    }

    [Fact]
    public void One_pass_counts_states_and_picks_listeners_skipping_malformed_lines()
    {
        Span<int> counts = stackalloc int[SocketTable.StateSlots];
        var listeners = new List<ListeningSocket>();
        const string text = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0
               1: 0100007F:1F90 0100007F:A000 01 00000000:00000000 00:00000000 00000000  1000        0 112 1 0
               2: x y ZZ
               3: x y 1F
               4: ZZZZ:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 113 1 0
               5:
            """;
        var n = SocketTable.Scan(text, "tcp", counts, listeners);

        Assert.Equal(3, n);             // the header, two bad states and an empty line are skipped
        Assert.Equal(2, counts[0x0A]);  // a listener with a bad address still counts as listening
        Assert.Equal(1, counts[0x01]);
        var only = Assert.Single(listeners);
        Assert.Equal("tcp/0.0.0.0:8080", only.Key);
        Assert.Equal(111UL, only.Inode);
    }

    [Fact]
    public void Lists_listening_tcp_and_bound_udp_sockets_with_their_owners()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new ConnectionsCollector(), root.Root).Run();

        var ports = Ports(result);
        Assert.Equal(
            ["tcp/0.0.0.0:2024", "tcp/0.0.0.0:8080", "tcp/127.0.0.1:6379", "tcp6/[::1]:9000", "tcp6/[::]:8443", "udp/0.0.0.0:5353", "udp6/[::]:5354"],
            ports.Select(p => p.Key));
        var web = ports.Single(p => p.Key == "tcp/0.0.0.0:8080").Attributes;
        Assert.Equal("tcp", web["protocol"]);
        Assert.Equal("0.0.0.0", web["address"]);
        Assert.Equal("8080", web["port"]);
        Assert.Equal("100", web["pid"]);
        Assert.Equal("sshd", web["process"]);
        Assert.Equal("0", web["uid"]);
        Assert.Equal("nginx", ports.Single(p => p.Key == "tcp6/[::]:8443").Attributes["process"]);
        // Nobody in the fake process table holds it: listed without an owner.
        Assert.False(ports.Single(p => p.Key == "udp/0.0.0.0:5353").Attributes.ContainsKey("pid"));
        Assert.Equal(5, Single(result, "system.linux.net.listening_ports", ("network.transport", "tcp")).Value);
        Assert.Equal(2, Single(result, "system.linux.net.listening_ports", ("network.transport", "udp")).Value);
    }

    [Fact]
    public void Connected_and_closing_sockets_are_not_listening_ports()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new ConnectionsCollector(), root.Root).Run();
        // The recorded tables hold established, close_wait, fin_wait_2 and time_wait sockets and a connected UDP client.
        Assert.DoesNotContain(Ports(result), p => p.Attributes["port"] is "40968" or "57418" or "50374");
    }

    [Theory]
    [InlineData("0100007F:1F90", "127.0.0.1", 8080)]
    [InlineData("00000000:0016", "0.0.0.0", 22)]
    [InlineData("00000000000000000000000001000000:2328", "::1", 9000)]
    [InlineData("0000000000000000FFFF00000100007F:9FE6", "::ffff:127.0.0.1", 40934)]
    [InlineData("B80D0120000000000000000001000000:01BB", "2001:db8::1", 443)]
    public void Hex_addresses_are_decoded_word_by_word(string hex, string address, int port)
    {
        Assert.True(ProcNetAddress.TryParse(hex, out var ip, out var p));
        Assert.Equal(IPAddress.Parse(address), ip);
        Assert.Equal(port, p);
    }

    [Theory]
    [InlineData("0100007F")]
    [InlineData("0100007:1F90")]
    [InlineData("0100007G:1F90")]
    [InlineData("0100007F:XYZ")]
    public void Malformed_addresses_are_rejected(string hex)
    {
        Assert.False(ProcNetAddress.TryParse(hex, out _, out _));
    }

    [Fact]
    public void Finds_a_listener_this_test_opens_with_this_process_as_owner()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            var tcpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            var udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            var result = new CollectorHarness(new ConnectionsCollector(), HostPaths.Default).Run();

            Assert.True(Tcp(result, "listen") >= 1);
            Assert.Equal(11, Metrics(result).Count(m => m.Name == "system.network.connections" && m.Attributes!["network.transport"] == "tcp"));
            var ports = Ports(result);
            var mine = ports.Single(p => p.Key == $"tcp/127.0.0.1:{tcpPort}").Attributes;
            Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), mine["pid"]);
            Assert.Equal(File.ReadAllText($"/proc/{Environment.ProcessId}/comm").Trim(), mine["process"]);
            Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ports.Single(p => p.Key == $"udp/127.0.0.1:{udpPort}").Attributes["pid"]);
        }
        finally
        {
            listener.Stop();
        }
    }
}

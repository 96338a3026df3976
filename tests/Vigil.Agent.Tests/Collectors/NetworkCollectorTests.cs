using Vigil.Agent.Collectors.Network;
using Vigil.Agent.Configuration;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class NetworkCollectorTests
{
    private static (string, string) If(string name) => ("network.interface.name", name);
    private static (string, string) Rx => ("network.io.direction", "receive");
    private static (string, string) Tx => ("network.io.direction", "transmit");

    /// <summary>Recorded /proc/net/dev with the sysfs files of eth0, lo and ifb0 (ifb1 has none, as if it vanished).</summary>
    private static TempHostRoot RecordedRoot()
    {
        var root = new TempHostRoot();
        root.CopyFixture("network/net_dev", "proc/net/dev");
        foreach (var file in Directory.GetFiles(Fixture("network/sys"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Fixture("network/sys"), file);
            root.Write(Path.Combine("sys/class/net", relative), File.ReadAllText(file));
        }
        return root;
    }

    private static IReadOnlyList<InventoryItem> Interfaces(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "network_interfaces").Items;

    [Fact]
    public void Reports_traffic_per_interface_and_direction()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new NetworkCollector(), root.Root).Run();

        Assert.Equal(130742618, Single(result, "system.network.io", If("eth0"), Rx).Value);
        Assert.Equal(178450, Single(result, "system.network.io", If("eth0"), Tx).Value);
        Assert.Equal(3011, Single(result, "system.network.packets", If("eth0"), Rx).Value);
        Assert.Equal(2102, Single(result, "system.network.packets", If("eth0"), Tx).Value);
        Assert.Equal(0, Single(result, "system.network.errors", If("lo"), Rx).Value);
        Assert.Equal(0, Single(result, "system.network.dropped", If("ifb1"), Tx).Value);
    }

    [Fact]
    public void Link_state_follows_operstate_and_the_up_flag_for_unknown()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new NetworkCollector(), root.Root).Run();

        Assert.Equal(1, Single(result, "system.linux.network.interface.up", If("eth0")).Value);
        Assert.Equal(1, Single(result, "system.linux.network.interface.up", If("lo")).Value); // operstate unknown, flags 0x9
        Assert.Equal(0, Single(result, "system.linux.network.interface.up", If("ifb0")).Value);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.network.interface.up" && m.Attributes!["network.interface.name"] == "ifb1");
    }

    [Fact]
    public void Link_flaps_are_counted_where_sysfs_has_carrier_changes()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new NetworkCollector(), root.Root).Run();

        Assert.Equal(2, Single(result, "system.linux.network.carrier_changes", If("eth0")).Value);
        Assert.Equal(0, Single(result, "system.linux.network.carrier_changes", If("lo")).Value);
        // ifb1 has no sysfs entry (vanished): no figure rather than a false 0.
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.network.carrier_changes" && m.Attributes!["network.interface.name"] == "ifb1");
    }

    [Fact]
    public void The_interface_inventory_has_mac_mtu_state_and_type_and_omits_unknown_speed()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new NetworkCollector(), root.Root).Run();

        var items = Interfaces(result);
        Assert.Equal(["eth0", "ifb0", "ifb1", "lo"], items.Select(i => i.Key));
        var eth0 = items[0].Attributes;
        Assert.Equal("02:fc:00:00:00:01", eth0["mac"]);
        Assert.Equal("1400", eth0["mtu"]);
        Assert.Equal("up", eth0["operstate"]);
        Assert.Equal("ether", eth0["type"]);
        Assert.False(eth0.ContainsKey("speed_mbps")); // the virtio link reports -1
        Assert.Equal("loopback", items[3].Attributes["type"]);
    }

    [Fact]
    public void A_known_link_speed_is_in_the_inventory()
    {
        using var root = RecordedRoot();
        root.Write("sys/class/net/eth0/speed", "10000\n");
        var result = new CollectorHarness(new NetworkCollector(), root.Root).Run();
        Assert.Equal("10000", Interfaces(result)[0].Attributes["speed_mbps"]);
    }

    [Fact]
    public void A_32_bit_interface_counter_that_wrapped_yields_the_right_rate()
    {
        using var root = new TempHostRoot();
        const string header = "Inter-|   Receive\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
        root.Write("proc/net/dev", header + "  eth0:4294967000 10 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n");
        var harness = new CollectorHarness(new NetworkCollector(), root.Root);
        harness.Run();
        root.Write("proc/net/dev", header + "  eth0:     704 20 0 0 0 0 0 0 1500 15 0 0 0 0 0 0\n");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.Equal(100, Single(result, "system.network.io", If("eth0"), Rx).Rate);
        Assert.Equal(100, Single(result, "system.network.io", If("eth0"), Tx).Rate);
    }

    [Fact]
    public void Error_detail_multicast_collisions_and_compressed_come_from_their_own_columns()
    {
        using var root = new TempHostRoot();
        const string header = "Inter-|   Receive\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
        // Every column a different number, so a column read from the wrong place shows.
        root.Write("proc/net/dev", header + "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");
        var result = new CollectorHarness(new NetworkCollector(), root.Root).Run();

        Assert.Equal(5, Single(result, "system.linux.network.fifo_errors", If("eth0"), Rx).Value);
        Assert.Equal(6, Single(result, "system.linux.network.frame_errors", If("eth0")).Value);
        Assert.Equal(7, Single(result, "system.linux.network.compressed", If("eth0"), Rx).Value);
        Assert.Equal(8, Single(result, "system.linux.network.multicast", If("eth0")).Value);
        Assert.Equal(13, Single(result, "system.linux.network.fifo_errors", If("eth0"), Tx).Value);
        Assert.Equal(14, Single(result, "system.linux.network.collisions", If("eth0")).Value);
        Assert.Equal(15, Single(result, "system.linux.network.carrier_errors", If("eth0")).Value);
        Assert.Equal(16, Single(result, "system.linux.network.compressed", If("eth0"), Tx).Value);
        Assert.Equal(3, Single(result, "system.network.errors", If("eth0"), Rx).Value);
        Assert.Equal(12, Single(result, "system.network.dropped", If("eth0"), Tx).Value);
    }

    [Fact]
    public void An_interface_that_vanished_leaves_the_metrics_and_the_inventory()
    {
        using var root = RecordedRoot();
        var harness = new CollectorHarness(new NetworkCollector(), root.Root);
        harness.Run();
        var withoutEth0 = string.Join('\n', File.ReadAllLines(Fixture("network/net_dev")).Where(l => !l.Contains("eth0:")));
        root.Write("proc/net/dev", withoutEth0);
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(Metrics(result), m => m.Attributes!["network.interface.name"] == "eth0");
        Assert.Equal(["ifb0", "ifb1", "lo"], Interfaces(result).Select(i => i.Key));
    }

    [Fact]
    public void Excluded_interfaces_match_exactly_or_by_prefix()
    {
        using var root = RecordedRoot();
        var options = AgentConfigLoader.Parse("agent.yaml", "collectors:\n  network:\n    exclude_interfaces: [\"ifb*\", lo]\n").Collectors.Network;
        var result = new CollectorHarness(new NetworkCollector(options), root.Root).Run();

        Assert.Equal(["eth0"], Metrics(result).Select(m => m.Attributes!["network.interface.name"]).Distinct());
        Assert.Equal(["eth0"], Interfaces(result).Select(i => i.Key));
    }

    [Theory]
    [InlineData("\"*\"")]
    [InlineData("\"e*th\"")]
    [InlineData("\"\"")]
    public void A_pattern_that_is_not_a_name_or_prefix_is_a_config_error(string pattern)
    {
        var e = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", $"collectors:\n  network:\n    exclude_interfaces: [{pattern}]\n"));
        Assert.Equal("collectors.network.exclude_interfaces", e.Key);
    }

    [Fact]
    public void Malformed_lines_are_skipped()
    {
        Span<ulong> values = stackalloc ulong[NetDevLine.Fields];
        Assert.False(NetDevLine.TryParse("  eth0: 1 2 3", values, out _));
        Assert.False(NetDevLine.TryParse(" face |bytes    packets errs", values, out _));
        Assert.True(NetDevLine.TryParse("eth1:5 0 0 0 0 0 0 0 7 0 0 0 0 0 0 0", values, out var name));
        Assert.Equal(0..4, name);
        Assert.Equal(7UL, values[NetDevLine.TxBytes]);
    }

    [Fact]
    public void Reads_the_live_interfaces_of_this_machine()
    {
        var result = new CollectorHarness(new NetworkCollector(), HostPaths.Default).Run();
        Assert.Equal(1, Single(result, "system.linux.network.interface.up", If("lo")).Value);
        Assert.Contains(Interfaces(result), i => i.Key == "lo" && i.Attributes["type"] == "loopback" && i.Attributes["virtual"] == "true");
    }
}

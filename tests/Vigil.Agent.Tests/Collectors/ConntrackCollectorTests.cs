using Vigil.Agent.Collectors.Conntrack;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class ConntrackCollectorTests
{
    private const string StatHeader = "entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n";

    private static TempHostRoot RecordedRoot()
    {
        var root = new TempHostRoot();
        root.CopyFixture("conntrack/nf_conntrack_count", "proc/sys/net/netfilter/nf_conntrack_count");
        root.CopyFixture("conntrack/nf_conntrack_max", "proc/sys/net/netfilter/nf_conntrack_max");
        root.CopyFixture("conntrack/stat_nf_conntrack", "proc/1/net/stat/nf_conntrack");
        return root;
    }

    [Fact]
    public void Reports_table_entries_and_limit_from_the_recorded_files()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new ConntrackCollector(), root.Root).Run();

        Assert.Equal(0, Single(result, "system.linux.net.conntrack.entries").Value);
        Assert.Equal(262144, Single(result, "system.linux.net.conntrack.limit").Value);
        Assert.Equal(0, Single(result, "system.linux.net.conntrack.dropped").Value);
        Assert.Equal(0, Single(result, "system.linux.net.conntrack.early_dropped").Value);
        Assert.Equal(0, Single(result, "system.linux.net.conntrack.insert_failed").Value);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Drop_counters_are_hex_and_summed_over_cpus_with_rates()
    {
        using var root = RecordedRoot();
        root.Write("proc/sys/net/netfilter/nf_conntrack_count", "65000\n");
        //                                     entries clashres found new invalid ignore delete chainlen insert insert_failed drop early_drop ...
        root.Write("proc/1/net/stat/nf_conntrack", StatHeader +
            "0000fde8  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000001 0000000a 000000ff 00000000  00000000 00000000 00000000 00000000\n" +
            "0000fde8  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000002 00000014 00000001 00000000  00000000 00000000 00000000 00000000\n");
        var harness = new CollectorHarness(new ConntrackCollector(), root.Root);
        var first = harness.Run();

        Assert.Equal(65000, Single(first, "system.linux.net.conntrack.entries").Value);
        Assert.Equal(30, Single(first, "system.linux.net.conntrack.dropped").Value);      // 0x0a + 0x14
        Assert.Equal(256, Single(first, "system.linux.net.conntrack.early_dropped").Value); // 0xff + 0x01
        Assert.Equal(3, Single(first, "system.linux.net.conntrack.insert_failed").Value);

        root.Write("proc/1/net/stat/nf_conntrack", StatHeader +
            "0000fde8  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000001 0000005a 000000ff 00000000  00000000 00000000 00000000 00000000\n" +
            "0000fde8  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000002 00000014 00000001 00000000  00000000 00000000 00000000 00000000\n");
        var second = harness.RunAfter(TimeSpan.FromSeconds(10));
        Assert.Equal(8, Single(second, "system.linux.net.conntrack.dropped").Rate); // 80 more in 10 s
    }

    [Fact]
    public void Columns_are_found_by_name_and_a_kernel_without_one_omits_it()
    {
        Span<ulong> sums = stackalloc ulong[3];
        Span<bool> found = stackalloc bool[3];
        // An older kernel: different column order, no early_drop; a short line is skipped where it lacks the column.
        ConntrackStat.Sum("entries searched found drop insert_failed\n00000001 00000000 00000000 00000010 00000002\n00000001 zz\n", ["drop", "early_drop", "insert_failed"], sums, found);

        Assert.Equal([true, false, true], found.ToArray());
        Assert.Equal(16UL, sums[0]);
        Assert.Equal(2UL, sums[2]);
    }

    [Fact]
    public void Without_the_module_it_reports_unavailable_and_emits_nothing()
    {
        using var root = new TempHostRoot();
        var result = new CollectorHarness(new ConntrackCollector(), root.Root).Run();

        Assert.Empty(result.Records);
        Assert.Equal("/proc/sys/net/netfilter/nf_conntrack_count", Assert.Single(result.Unavailable).Source);
    }

    [Fact]
    public void Falls_back_to_proc_net_stat_when_the_host_init_is_hidden()
    {
        using var root = RecordedRoot();
        root.Delete("proc/1/net/stat/nf_conntrack");
        root.Write("proc/net/stat/nf_conntrack", StatHeader +
            "00000000  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000007 00000000 00000000  00000000 00000000 00000000 00000000\n");
        var result = new CollectorHarness(new ConntrackCollector(), root.Root).Run();

        Assert.Equal(7, Single(result, "system.linux.net.conntrack.dropped").Value);
    }

    [Fact]
    public void Reads_the_live_files_of_this_machine()
    {
        var result = new CollectorHarness(new ConntrackCollector(), HostPaths.Default).Run();
        if (!File.Exists("/proc/sys/net/netfilter/nf_conntrack_count"))
        {
            Assert.Single(result.Unavailable);
            return;
        }
        Assert.True(Single(result, "system.linux.net.conntrack.limit").Value > 0);
        Assert.InRange(Single(result, "system.linux.net.conntrack.entries").Value, 0, Single(result, "system.linux.net.conntrack.limit").Value);
    }
}

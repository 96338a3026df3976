using Vigil.Agent.Collectors.Disk;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class DiskCollectorTests
{
    private static (string, string) Device(string name) => ("system.device", name);
    private static (string, string) Read => ("disk.io.direction", "read");
    private static (string, string) Write => ("disk.io.direction", "write");

    [Fact]
    public void First_run_reports_cumulative_counters_in_bytes_and_seconds_and_no_utilization()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("disk/diskstats.t0", "proc/diskstats");
        var result = new CollectorHarness(new DiskCollector(), root.Root).Run();

        // vda 12837 4495 2204954 9450 5072 8851 1973856 5303 0 5168 15217 4509 29 92656 463 5 0
        Assert.Equal(2204954.0 * 512, Single(result, "system.disk.io", Device("vda"), Read).Value);
        Assert.Equal(5072, Single(result, "system.disk.operations", Device("vda"), Write).Value);
        Assert.Equal(5.303, Single(result, "system.disk.operation_time", Device("vda"), Write).Value, 9);
        Assert.Equal(4495, Single(result, "system.disk.merged", Device("vda"), Read).Value);
        Assert.Equal(5.168, Single(result, "system.disk.io_time", Device("vda")).Value, 9);
        Assert.Equal(15.217, Single(result, "system.disk.weighted_io_time", Device("vda")).Value, 9);
        Assert.Equal(0, Single(result, "system.disk.pending_operations", Device("vda")).Value);
        Assert.Equal(92656.0 * 512, Single(result, "system.linux.disk.discard.io", Device("vda")).Value);
        Assert.Equal(5, Single(result, "system.linux.disk.flush.operations", Device("vda")).Value);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.disk.utilization");
    }

    [Fact]
    public void Idle_loop_and_zram_devices_are_skipped_but_a_loop_device_with_io_is_kept()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("disk/diskstats.t0", "proc/diskstats");
        var harness = new CollectorHarness(new DiskCollector(), root.Root);
        var first = harness.Run();
        Assert.Equal(["vda"], Metrics(first).Select(m => m.Attributes!["system.device"]).Distinct());

        root.CopyFixture("disk/diskstats.t1", "proc/diskstats");
        var second = harness.RunAfter(TimeSpan.FromSeconds(10));
        Assert.Equal(["loop1", "vda"], Metrics(second).Select(m => m.Attributes!["system.device"]).Distinct().Order());
    }

    [Fact]
    public void Rates_and_utilization_come_from_the_change_between_runs()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("disk/diskstats.t0", "proc/diskstats");
        var harness = new CollectorHarness(new DiskCollector(), root.Root);
        harness.Run();
        root.CopyFixture("disk/diskstats.t1", "proc/diskstats");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.Equal(2048 * 512 / 10.0, Single(result, "system.disk.io", Device("vda"), Read).Rate!.Value, 9);
        Assert.Equal(10, Single(result, "system.disk.operations", Device("vda"), Read).Rate!.Value, 9);
        Assert.Equal(0.025, Single(result, "system.disk.operation_time", Device("vda"), Write).Rate!.Value, 9);
        Assert.Equal(3, Single(result, "system.disk.pending_operations", Device("vda")).Value);
        // io_time grew 2500 ms in 10 s: busy a quarter of the time; weighted grew 4000 ms: average queue 0.4
        Assert.Equal(0.25, Single(result, "system.disk.utilization", Device("vda")).Value, 9);
        Assert.Equal(0.4, Single(result, "system.disk.weighted_io_time", Device("vda")).Rate!.Value, 9);
        Assert.Equal(0.3, Single(result, "system.linux.disk.flush.operations", Device("vda")).Rate!.Value, 9);
    }

    [Fact]
    public void A_32_bit_counter_that_wrapped_yields_the_right_rate_even_after_unit_conversion()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("disk/diskstats.wrap.t0", "proc/diskstats");
        var harness = new CollectorHarness(new DiskCollector(), root.Root);
        harness.Run();
        root.CopyFixture("disk/diskstats.wrap.t1", "proc/diskstats");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        // writes 4294967290 -> 10: 16 operations; write ms 4294967000 -> 200: 496 ms; io ms 2^32-1000 -> 1000: 2000 ms
        Assert.Equal(1.6, Single(result, "system.disk.operations", Device("vda"), Write).Rate!.Value, 9);
        var writeTime = Single(result, "system.disk.operation_time", Device("vda"), Write);
        Assert.Equal(0.0496, writeTime.Rate!.Value, 9);
        Assert.Equal(4294967.496, writeTime.Value, 6); // still cumulative and still increasing
        Assert.Equal(0.2, Single(result, "system.disk.utilization", Device("vda")).Value, 9);
    }

    [Fact]
    public void A_device_that_vanished_and_returned_starts_afresh()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("disk/diskstats.t0", "proc/diskstats");
        var harness = new CollectorHarness(new DiskCollector(), root.Root);
        harness.Run();
        root.Write("proc/diskstats", "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        var gone = harness.RunAfter(TimeSpan.FromSeconds(10));
        Assert.Empty(Metrics(gone));

        // Re-created with counters from zero: no rate or utilization against the old device's figures.
        root.Write("proc/diskstats", " 254       0 vda 10 0 80 5 0 0 0 0 0 4 5 0 0 0 0 0 0\n");
        var back = harness.RunAfter(TimeSpan.FromSeconds(10));
        Assert.Null(Single(back, "system.disk.operations", Device("vda"), Read).Rate);
        Assert.DoesNotContain(Metrics(back), m => m.Name == "system.disk.utilization");
    }

    [Fact]
    public void Kernels_before_4_18_have_no_discard_or_flush_fields_and_malformed_lines_are_skipped()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("disk/diskstats.kernel4", "proc/diskstats");
        var result = new CollectorHarness(new DiskCollector(), root.Root).Run();

        Assert.Equal(1600.0 * 512, Single(result, "system.disk.io", Device("sda1"), Write).Value);
        Assert.Equal(0.12, Single(result, "system.disk.io_time", Device("sda")).Value, 9);
        Assert.DoesNotContain(Metrics(result), m => m.Name.StartsWith("system.linux.disk."));
        Assert.DoesNotContain(Metrics(result), m => m.Attributes!["system.device"] == "sdb");
    }

    [Fact]
    public void Utilization_is_clamped_to_one()
    {
        using var root = new TempHostRoot();
        root.Write("proc/diskstats", " 8 0 sda 1 0 8 1 0 0 0 0 0 1000 1000\n");
        var harness = new CollectorHarness(new DiskCollector(), root.Root);
        harness.Run();
        // 12 s of io_time in 10 s of wall time: the kernel's accounting and our clock disagree a little.
        root.Write("proc/diskstats", " 8 0 sda 2 0 16 2 0 0 0 0 1 13000 13000\n");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Single(result, "system.disk.utilization", Device("sda")).Value);
    }

    [Fact]
    public void Reads_the_live_proc_of_this_machine()
    {
        var harness = new CollectorHarness(new DiskCollector(), HostPaths.Default);
        harness.Run();
        var result = harness.RunAfter(TimeSpan.FromSeconds(1));
        Assert.Empty(result.Unavailable);
        Assert.Contains(Metrics(result), m => m.Name == "system.disk.io" && m.Rate is not null);
        foreach (var u in Metrics(result).Where(m => m.Name == "system.disk.utilization"))
        {
            Assert.InRange(u.Value, 0, 1);
        }
    }
}

using Vigil.Agent.Collectors.Memory;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class MemoryCollectorTests
{
    private const double KiB = 1024;

    [Fact]
    public void Used_memory_is_computed_as_free_does_and_states_share_the_total()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("memory/meminfo", "proc/meminfo");
        root.CopyFixture("memory/vmstat", "proc/vmstat");
        var result = new CollectorHarness(new MemoryCollector(), root.Root).Run();

        // MemTotal 24684092 - MemFree 23299488 - Buffers 4044 - Cached 775640 - SReclaimable 32556
        Assert.Equal(572364 * KiB, Single(result, "system.memory.usage", ("system.memory.state", "used")).Value);
        Assert.Equal(23299488 * KiB, Single(result, "system.memory.usage", ("system.memory.state", "free")).Value);
        Assert.Equal(775640 * KiB, Single(result, "system.memory.usage", ("system.memory.state", "cached")).Value);
        Assert.Equal(25036 * KiB, Single(result, "system.memory.usage", ("system.memory.state", "slab_unreclaimable")).Value);
        Assert.Equal(24684092 * KiB, Single(result, "system.memory.limit").Value);
        Assert.Equal(23640720 * KiB, Single(result, "system.linux.memory.available").Value);
        Assert.Equal(572364.0 / 24684092, Single(result, "system.memory.utilization", ("system.memory.state", "used")).Value, 12);
        var states = Metrics(result).Where(m => m.Name == "system.memory.usage" && m.Attributes!["system.memory.state"] != "slab_unreclaimable");
        Assert.Equal(24684092 * KiB, states.Sum(m => m.Value));
    }

    [Fact]
    public void A_host_without_swap_reports_zero_swap_and_no_swap_utilization()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("memory/meminfo", "proc/meminfo");
        root.CopyFixture("memory/vmstat", "proc/vmstat");
        var result = new CollectorHarness(new MemoryCollector(), root.Root).Run();

        Assert.Equal(0, Single(result, "system.paging.usage", ("system.paging.state", "used")).Value);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.paging.utilization");
        // pgfault 8818979 includes the 1356 major faults
        Assert.Equal(8818979 - 1356, Single(result, "system.paging.faults", ("system.paging.type", "minor")).Value);
        Assert.Equal(1356, Single(result, "system.paging.faults", ("system.paging.type", "major")).Value);
        Assert.Equal(0, Single(result, "system.linux.memory.oom_kills").Value);
    }

    [Fact]
    public void Swap_usage_and_paging_rates_come_from_meminfo_and_vmstat()
    {
        using var root = new TempHostRoot();
        var meminfo = File.ReadAllText(Fixture("memory/meminfo"))
            .Replace("SwapTotal:             0 kB", "SwapTotal:       2097148 kB")
            .Replace("SwapFree:              0 kB", "SwapFree:        1572861 kB");
        root.Write("proc/meminfo", meminfo);
        root.Write("proc/vmstat", "pswpin 1000\npswpout 5000\npgfault 100\npgmajfault 10\n");
        var harness = new CollectorHarness(new MemoryCollector(), root.Root);
        harness.Run();
        root.Write("proc/vmstat", "pswpin 1100\npswpout 5000\npgfault 600\npgmajfault 60\noom_kill 1\n");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.Equal(524287 * KiB, Single(result, "system.paging.usage", ("system.paging.state", "used")).Value);
        Assert.Equal(0.25, Single(result, "system.paging.utilization", ("system.paging.state", "used")).Value, 6);
        Assert.Equal(10, Single(result, "system.paging.operations", ("system.paging.direction", "in")).Rate);
        Assert.Equal(0, Single(result, "system.paging.operations", ("system.paging.direction", "out")).Rate);
        Assert.Equal(45, Single(result, "system.paging.faults", ("system.paging.type", "minor")).Rate);
        Assert.Equal(5, Single(result, "system.paging.faults", ("system.paging.type", "major")).Rate);
        Assert.Equal(1, Single(result, "system.linux.memory.oom_kills").Value);
    }

    [Fact]
    public void Kernels_without_MemAvailable_or_oom_kill_just_omit_them()
    {
        using var root = new TempHostRoot();
        root.Write("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 400 kB\nBuffers: 100 kB\nCached: 200 kB\ngarbage line\n");
        root.Write("proc/vmstat", "pswpin 0\npswpout 0\npgfault 5\npgmajfault 1\n");
        var result = new CollectorHarness(new MemoryCollector(), root.Root).Run();

        Assert.Equal(300 * KiB, Single(result, "system.memory.usage", ("system.memory.state", "used")).Value);
        Assert.DoesNotContain(Metrics(result), m => m.Name is "system.linux.memory.available" or "system.linux.memory.oom_kills");
    }

    [Fact]
    public void An_unreadable_vmstat_is_reported_unavailable_and_memory_still_collected()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("memory/meminfo", "proc/meminfo");
        // Root can read a chmod 000 file, so a directory stands in for a file that cannot be read.
        Directory.CreateDirectory(Path.Combine(root.Root, "proc/vmstat"));
        var result = new CollectorHarness(new MemoryCollector(), root.Root).Run();

        Assert.Single(result.Unavailable, u => u.Source.EndsWith("proc/vmstat"));
        Assert.Equal(24684092 * KiB, Single(result, "system.memory.limit").Value);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.paging.faults");
    }

    [Fact]
    public void Reads_the_live_proc_of_this_machine()
    {
        var result = new CollectorHarness(new MemoryCollector(), HostPaths.Default).Run();
        var total = Single(result, "system.memory.limit").Value;
        Assert.True(total > 0);
        Assert.InRange(Single(result, "system.memory.usage", ("system.memory.state", "used")).Value, 1, total);
        Assert.Empty(result.Unavailable);
    }
}

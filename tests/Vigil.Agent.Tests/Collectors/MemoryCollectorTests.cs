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
    public void Reports_the_meminfo_detail_in_bytes_and_huge_pages_in_pages()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("memory/meminfo", "proc/meminfo");
        root.CopyFixture("memory/vmstat", "proc/vmstat");
        var result = new CollectorHarness(new MemoryCollector(), root.Root).Run();

        static double Lru(Vigil.Agent.Pipeline.CollectorRunResult r, string list) =>
            Single(r, "system.linux.memory.lru.usage", ("linux.memory.lru.list", list)).Value;
        Assert.Equal(26376 * KiB, Lru(result, "active_anon"));
        Assert.Equal(605136 * KiB, Lru(result, "inactive_anon"));
        Assert.Equal(269436 * KiB, Lru(result, "active_file"));
        Assert.Equal(264732 * KiB, Lru(result, "inactive_file"));
        Assert.Equal(15184 * KiB, Lru(result, "unevictable"));
        Assert.Equal(1212 * KiB, Single(result, "system.linux.memory.dirty").Value);
        Assert.Equal(401264 * KiB, Single(result, "system.linux.memory.anonymous").Value);
        Assert.Equal(245516 * KiB, Single(result, "system.linux.memory.shmem").Value);
        Assert.Equal(1344188 * KiB, Single(result, "system.linux.memory.committed").Value);
        Assert.Equal(12342044 * KiB, Single(result, "system.linux.memory.commit_limit").Value);
        Assert.Equal(2048 * KiB, Single(result, "system.linux.memory.huge_page_size").Value);
        Assert.Equal(0, Single(result, "system.linux.memory.huge_pages.total").Value);
        // This kernel has no CONFIG_MEMORY_FAILURE, so no HardwareCorrupted line and no series.
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.memory.hardware_corrupted");
    }

    [Fact]
    public void Huge_page_counts_are_not_scaled_and_absent_fields_are_not_reported()
    {
        using var root = new TempHostRoot();
        root.Write("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 400 kB\nHugePages_Total:     512\nHugePages_Free:      500\nHugePages_Rsvd:        8\nHugePages_Surp:        0\nHardwareCorrupted:     4 kB\nDirty: lots kB\nActive(anon):\n");
        root.Write("proc/vmstat", "pgfault 5\npgmajfault 1\n");
        var result = new CollectorHarness(new MemoryCollector(), root.Root).Run();

        Assert.Equal(512, Single(result, "system.linux.memory.huge_pages.total").Value);
        Assert.Equal(500, Single(result, "system.linux.memory.huge_pages.free").Value);
        Assert.Equal(8, Single(result, "system.linux.memory.huge_pages.reserved").Value);
        Assert.Equal(4 * KiB, Single(result, "system.linux.memory.hardware_corrupted").Value);
        // Malformed values are skipped; fields this kernel does not print give no series.
        Assert.DoesNotContain(Metrics(result), m => m.Name is "system.linux.memory.dirty" or "system.linux.memory.lru.usage" or "system.linux.memory.committed");
        Assert.DoesNotContain(Metrics(result), m => m.Name is "system.linux.memory.reclaim.scanned" or "system.linux.memory.compaction_stalls");
    }

    [Fact]
    public void Reclaim_counters_sum_the_reclaimers_but_not_the_anon_file_split()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("memory/meminfo", "proc/meminfo");
        const string vmstat = """
            pgpgin 1000
            pgpgout 2000
            workingset_refault_anon 3
            workingset_refault_file 40
            allocstall_dma32 1
            allocstall_normal 6
            allocstall_movable 0
            pgsteal_kswapd 100
            pgsteal_direct 20
            pgsteal_khugepaged 3
            pgscan_kswapd 400
            pgscan_direct 50
            pgscan_direct_throttle 9
            pgscan_anon 150
            pgscan_file 300
            pgsteal_anon 23
            pgsteal_file 100
            compact_stall 2
            thp_fault_alloc 11
            """;
        root.Write("proc/vmstat", vmstat);
        var harness = new CollectorHarness(new MemoryCollector(), root.Root);
        var result = harness.Run();

        Assert.Equal(1000 * KiB, Single(result, "system.linux.memory.paged", ("system.paging.direction", "in")).Value);
        Assert.Equal(2000 * KiB, Single(result, "system.linux.memory.paged", ("system.paging.direction", "out")).Value);
        Assert.Equal(450, Single(result, "system.linux.memory.reclaim.scanned").Value);
        Assert.Equal(123, Single(result, "system.linux.memory.reclaim.reclaimed").Value);
        Assert.Equal(7, Single(result, "system.linux.memory.allocation_stalls").Value);
        Assert.Equal(2, Single(result, "system.linux.memory.compaction_stalls").Value);
        Assert.Equal(11, Single(result, "system.linux.memory.thp.fault_allocations").Value);
        Assert.Equal(43, Single(result, "system.linux.memory.workingset_refaults").Value);

        root.Write("proc/vmstat", vmstat.Replace("pgpgin 1000", "pgpgin 1500").Replace("workingset_refault_file 40", "workingset_refault_file 240"));
        var later = harness.RunAfter(TimeSpan.FromSeconds(10));
        Assert.Equal(50 * KiB, Single(later, "system.linux.memory.paged", ("system.paging.direction", "in")).Rate);
        Assert.Equal(20, Single(later, "system.linux.memory.workingset_refaults").Rate);
    }

    [Fact]
    public void Older_kernels_single_allocstall_and_workingset_refault_are_read_too()
    {
        var stat = VmStat.Parse("allocstall 5\nworkingset_refault 17\npgsteal_kswapd_normal 4\npgsteal_direct_dma32 1\n");
        Assert.Equal(5UL, stat.AllocationStalls);
        Assert.Equal(17UL, stat.WorkingsetRefaults);
        Assert.Equal(5UL, stat.ReclaimStolen);
        Assert.Null(stat.CompactionStalls);
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

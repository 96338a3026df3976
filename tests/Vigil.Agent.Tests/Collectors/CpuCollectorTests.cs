using Vigil.Agent.Collectors.Cpu;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class CpuCollectorTests
{
    [Fact]
    public void First_run_reports_counters_but_no_utilization_because_there_is_no_interval_yet()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("cpu/stat.t0", "proc/stat");
        var result = new CollectorHarness(new CpuCollector(), root.Root).Run();

        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.cpu.utilization");
        Assert.Equal(192588, Single(result, "system.cpu.context_switches").Value);
        Assert.Equal(24.50, Single(result, "system.cpu.time", ("cpu.mode", "user")).Value, 6);
        Assert.Equal(2, Single(result, "system.cpu.logical.count").Value);
    }

    [Fact]
    public void Utilization_is_the_share_of_jiffies_per_mode_between_runs_total_and_per_core()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("cpu/stat.t0", "proc/stat");
        var harness = new CollectorHarness(new CpuCollector(), root.Root);
        harness.Run();
        root.CopyFixture("cpu/stat.t1", "proc/stat");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        // total delta: user 200 system 100 idle 300 iowait 100 softirq 10 = 710 jiffies
        Assert.Equal(200.0 / 710, Single(result, "system.cpu.utilization", ("cpu.mode", "user")).Value, 9);
        Assert.Equal(300.0 / 710, Single(result, "system.cpu.utilization", ("cpu.mode", "idle")).Value, 9);
        // cpu1: user 100 system 50 idle 150 iowait 50 softirq 5 = 355
        Assert.Equal(50.0 / 355, Single(result, "system.cpu.utilization", ("cpu.mode", "iowait"), ("cpu.logical_number", "1")).Value, 9);
        var perCore = Metrics(result).Where(m => m.Name == "system.cpu.utilization" && m.Attributes!.ContainsKey("cpu.logical_number"));
        foreach (var core in perCore.GroupBy(m => m.Attributes!["cpu.logical_number"]))
        {
            Assert.Equal(1.0, core.Sum(m => m.Value), 9);
        }
        Assert.Equal(100.0, Single(result, "system.cpu.context_switches").Rate!.Value, 9);
    }

    [Fact]
    public void A_cpu_that_goes_offline_is_dropped_and_does_not_break_the_others()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("cpu/stat.t0", "proc/stat");
        var harness = new CollectorHarness(new CpuCollector(), root.Root);
        harness.Run();
        var withoutCpu1 = string.Join('\n', File.ReadAllLines(Fixture("cpu/stat.t1")).Where(l => !l.StartsWith("cpu1 ")));
        root.Write("proc/stat", withoutCpu1);
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Single(result, "system.cpu.logical.count").Value);
        Assert.DoesNotContain(Metrics(result), m => m.Attributes?.GetValueOrDefault("cpu.logical_number") == "1");
    }

    [Fact]
    public void Reads_the_live_proc_of_this_machine()
    {
        var harness = new CollectorHarness(new CpuCollector(), HostPaths.Default);
        harness.Run();
        var result = harness.RunAfter(TimeSpan.FromSeconds(1));
        Assert.Equal(Environment.ProcessorCount, Single(result, "system.cpu.logical.count").Value);
    }

    [Fact]
    public void Softirqs_are_summed_over_cpus_per_type_and_cpu_time_is_reported_per_core()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("cpu/stat.t0", "proc/stat");
        root.Write("proc/softirqs", "                    CPU0       CPU1\n          HI:          1          2\n      NET_RX:        100        250\n       TIMER:     195062     167499\n");
        var result = new CollectorHarness(new CpuCollector(), root.Root).Run();

        Assert.Equal(350, Single(result, "system.linux.cpu.softirqs", ("softirq.type", "net_rx")).Value);
        Assert.Equal(362561, Single(result, "system.linux.cpu.softirqs", ("softirq.type", "timer")).Value);
        Assert.Equal(14.73, Single(result, "system.cpu.time", ("cpu.mode", "user"), ("cpu.logical_number", "1")).Value, 6);
    }

    [Fact]
    public void A_kernel_without_softirqs_reports_it_once_and_still_reports_cpu()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("cpu/stat.t0", "proc/stat");
        var result = new CollectorHarness(new CpuCollector(), root.Root).Run();
        Assert.Contains(result.Unavailable, u => u.Source.EndsWith("softirqs", StringComparison.Ordinal));
        Assert.Equal(2, Single(result, "system.cpu.logical.count").Value);
    }

    [Fact]
    public void Recorded_softirqs_of_a_real_machine_parse()
    {
        var types = new List<string>();
        Softirqs.Parse(File.ReadAllText(Fixture("cpu/softirqs")), (type, _) => types.Add(type), new Dictionary<string, string>());
        Assert.Contains("net_rx", types);
        Assert.Contains("sched", types);
    }
}

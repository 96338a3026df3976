using Vigil.Agent.Collectors.Softnet;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class SoftnetCollectorTests
{
    private static (string, string) Cpu(string n) => ("cpu.logical_number", n);

    [Fact]
    public void Reads_hex_counters_per_cpu_from_the_recorded_file()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("softnet/softnet_stat", "proc/net/softnet_stat");
        var result = new CollectorHarness(new SoftnetCollector(), root.Root).Run();

        // Recorded on this 2-CPU machine (kernel 6.x, 15 fields): processed 0xe47 and 0x2137.
        Assert.Equal(0xe47, Single(result, "system.linux.net.softnet.processed", Cpu("0")).Value);
        Assert.Equal(0x2137, Single(result, "system.linux.net.softnet.processed", Cpu("1")).Value);
        Assert.Equal(0, Single(result, "system.linux.net.softnet.dropped", Cpu("1")).Value);
        Assert.Equal(0, Single(result, "system.linux.net.softnet.time_squeeze", Cpu("0")).Value);
        Assert.Equal(0, Single(result, "system.linux.net.softnet.received_rps", Cpu("0")).Value);
        Assert.Equal(0, Single(result, "system.linux.net.softnet.flow_limit", Cpu("1")).Value);
        Assert.Equal(10, Metrics(result).Count);
    }

    [Fact]
    public void The_cpu_number_field_wins_over_the_line_position_when_cpus_are_offline()
    {
        using var root = new TempHostRoot();
        // CPUs 0 and 2 online, 1 offline: newer kernels print the CPU's number in field 13.
        root.Write("proc/net/softnet_stat",
            "0000000a 00000001 00000002 00000000 00000000 00000000 00000000 00000000 00000000 00000003 00000004 00000000 00000000\n" +
            "000000ff 0000000b 0000000c 00000000 00000000 00000000 00000000 00000000 00000000 0000000d 0000000e 00000000 00000002\n");
        var result = new CollectorHarness(new SoftnetCollector(), root.Root).Run();

        Assert.Equal(255, Single(result, "system.linux.net.softnet.processed", Cpu("2")).Value);
        Assert.Equal(11, Single(result, "system.linux.net.softnet.dropped", Cpu("2")).Value);
        Assert.Equal(12, Single(result, "system.linux.net.softnet.time_squeeze", Cpu("2")).Value);
        Assert.Equal(13, Single(result, "system.linux.net.softnet.received_rps", Cpu("2")).Value);
        Assert.Equal(14, Single(result, "system.linux.net.softnet.flow_limit", Cpu("2")).Value);
        Assert.Equal(10, Single(result, "system.linux.net.softnet.processed", Cpu("0")).Value);
        Assert.DoesNotContain(Metrics(result), m => m.Attributes!["cpu.logical_number"] == "1");
    }

    [Fact]
    public void Old_kernels_without_cpu_number_or_flow_limit_use_the_line_position_and_omit_what_is_missing()
    {
        using var root = new TempHostRoot();
        // 2.6.35..3.10: ten fields, no flow_limit_count, no CPU number. A malformed line is skipped, not counted.
        root.Write("proc/net/softnet_stat",
            "00000010 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000005\n" +
            "garbage line\n" +
            "00000020 00000002 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000006\n");
        var result = new CollectorHarness(new SoftnetCollector(), root.Root).Run();

        Assert.Equal(16, Single(result, "system.linux.net.softnet.processed", Cpu("0")).Value);
        Assert.Equal(32, Single(result, "system.linux.net.softnet.processed", Cpu("1")).Value);
        Assert.Equal(6, Single(result, "system.linux.net.softnet.received_rps", Cpu("1")).Value);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.net.softnet.flow_limit");
    }

    [Fact]
    public void A_wrapped_32_bit_counter_yields_the_right_rate()
    {
        using var root = new TempHostRoot();
        root.Write("proc/net/softnet_stat", "ffffff00 00000000 00000000\n");
        var harness = new CollectorHarness(new SoftnetCollector(), root.Root);
        harness.Run();
        root.Write("proc/net/softnet_stat", "00000100 00000000 00000000\n");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.Equal(51.2, Single(result, "system.linux.net.softnet.processed", Cpu("0")).Rate!.Value, 6); // 512 packets in 10 s
    }

    [Fact]
    public void A_missing_file_is_reported_unavailable()
    {
        using var root = new TempHostRoot();
        var result = new CollectorHarness(new SoftnetCollector(), root.Root).Run();
        Assert.EndsWith("proc/net/softnet_stat", Assert.Single(result.Unavailable).Source);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void Reads_the_live_file_of_this_machine()
    {
        var result = new CollectorHarness(new SoftnetCollector(), HostPaths.Default).Run();
        Assert.Empty(result.Unavailable);
        Assert.Equal(Environment.ProcessorCount, Metrics(result).Count(m => m.Name == "system.linux.net.softnet.processed"));
    }
}

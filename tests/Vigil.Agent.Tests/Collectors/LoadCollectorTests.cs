using Vigil.Agent.Collectors.Load;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class LoadCollectorTests
{
    [Fact]
    public void Reports_the_three_averages_and_the_scheduling_entities()
    {
        using var root = new TempHostRoot();
        root.CopyFixture("load/loadavg", "proc/loadavg"); // 5.94 3.67 1.87 9/194 13545
        var result = new CollectorHarness(new LoadCollector(), root.Root).Run();

        Assert.Equal(5.94, Single(result, "system.cpu.load_average.1m").Value);
        Assert.Equal(3.67, Single(result, "system.cpu.load_average.5m").Value);
        Assert.Equal(1.87, Single(result, "system.cpu.load_average.15m").Value);
        Assert.Equal(9, Single(result, "system.linux.scheduler.runnable").Value);
        Assert.Equal(194, Single(result, "system.linux.scheduler.entities").Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.10 0.20")]
    [InlineData("0.10 0.20 x 1/2 3")]
    [InlineData("0.10 0.20 0.30 12 3")]
    public void Malformed_loadavg_is_rejected(string text)
    {
        Assert.False(LoadAverage.TryParse(text, out _));
    }

    [Fact]
    public void A_malformed_loadavg_fails_the_run_rather_than_reporting_zeros()
    {
        using var root = new TempHostRoot();
        root.Write("proc/loadavg", "garbage\n");
        var harness = new CollectorHarness(new LoadCollector(), root.Root);
        Assert.Throws<InvalidOperationException>(() => harness.Run());
    }

    [Fact]
    public void A_missing_loadavg_is_reported_unavailable()
    {
        using var root = new TempHostRoot();
        var result = new CollectorHarness(new LoadCollector(), root.Root).Run();
        Assert.Single(result.Unavailable);
        Assert.Empty(Metrics(result));
    }

    [Fact]
    public void Reads_the_live_proc_of_this_machine()
    {
        var result = new CollectorHarness(new LoadCollector(), HostPaths.Default).Run();
        Assert.True(Single(result, "system.linux.scheduler.entities").Value >= 1);
        Assert.True(Single(result, "system.cpu.load_average.1m").Value >= 0);
    }
}

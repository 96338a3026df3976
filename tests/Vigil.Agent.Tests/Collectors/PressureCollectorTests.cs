using Vigil.Agent.Collectors.Pressure;
using Vigil.Agent.Host;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class PressureCollectorTests
{
    private static TempHostRoot RecordedRoot()
    {
        var root = new TempHostRoot();
        foreach (var resource in new[] { "cpu", "memory", "io" })
        {
            root.CopyFixture("pressure/" + resource, "proc/pressure/" + resource);
        }
        return root;
    }

    [Fact]
    public void Stall_time_is_reported_in_seconds_and_averages_as_fractions()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new PressureCollector(), root.Root).Run();

        // cpu: some avg10=94.33 avg60=64.10 avg300=36.99 total=222953416
        Assert.Equal(222.953416, Single(result, "system.linux.pressure.stall_time", ("pressure.resource", "cpu"), ("pressure.scope", "some")).Value, 9);
        Assert.Equal(0.9433, Single(result, "system.linux.pressure.average", ("pressure.resource", "cpu"), ("pressure.scope", "some"), ("pressure.window", "10s")).Value, 9);
        Assert.Equal(0.3699, Single(result, "system.linux.pressure.average", ("pressure.resource", "cpu"), ("pressure.scope", "some"), ("pressure.window", "300s")).Value, 9);
        // io: full total=2405712
        Assert.Equal(2.405712, Single(result, "system.linux.pressure.stall_time", ("pressure.resource", "io"), ("pressure.scope", "full")).Value, 9);
    }

    [Fact]
    public void A_kernel_without_irq_pressure_reports_it_unavailable_and_the_rest_normally()
    {
        using var root = RecordedRoot(); // recorded on a kernel built without IRQ time accounting
        var result = new CollectorHarness(new PressureCollector(), root.Root).Run();

        var missing = Assert.Single(result.Unavailable);
        Assert.EndsWith("proc/pressure/irq", missing.Source);
        Assert.Equal(6, Metrics(result).Count(m => m.Name == "system.linux.pressure.stall_time"));
    }

    [Fact]
    public void Irq_pressure_has_only_a_full_line()
    {
        using var root = RecordedRoot();
        root.Write("proc/pressure/irq", "full avg10=1.50 avg60=0.00 avg300=0.00 total=1500000\n");
        var harness = new CollectorHarness(new PressureCollector(), root.Root);
        harness.Run();
        root.Write("proc/pressure/irq", "full avg10=1.50 avg60=0.00 avg300=0.00 total=2500000\n");
        var result = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.Empty(result.Unavailable);
        var irq = Single(result, "system.linux.pressure.stall_time", ("pressure.resource", "irq"), ("pressure.scope", "full"));
        Assert.Equal(2.5, irq.Value, 9);
        Assert.Equal(0.1, irq.Rate!.Value, 9); // stalled a tenth of the time
        Assert.DoesNotContain(Metrics(result), m => m.Attributes!["pressure.resource"] == "irq" && m.Attributes["pressure.scope"] == "some");
    }

    [Fact]
    public void A_kernel_without_psi_reports_the_whole_source_unavailable()
    {
        using var root = new TempHostRoot();
        var result = new CollectorHarness(new PressureCollector(), root.Root).Run();
        Assert.EndsWith("proc/pressure", Assert.Single(result.Unavailable).Source);
        Assert.Empty(Metrics(result));
    }

    [Fact]
    public void Malformed_lines_are_skipped()
    {
        var (some, full) = PressureLine.ParseFile("some avg10=abc avg60=0.00 avg300=0.00 total=5\nfull avg10=1.00 avg60=2.00 avg300=3.00 total=7\n");
        Assert.Null(some);
        Assert.Equal(new PressureLine(1, 2, 3, 7), full);
    }

    [Fact]
    public void Reads_the_live_proc_of_this_machine()
    {
        var result = new CollectorHarness(new PressureCollector(), HostPaths.Default).Run();
        if (Directory.Exists("/proc/pressure"))
        {
            Assert.True(Single(result, "system.linux.pressure.stall_time", ("pressure.resource", "cpu"), ("pressure.scope", "some")).Value > 0);
        }
        else
        {
            Assert.Single(result.Unavailable);
        }
    }
}

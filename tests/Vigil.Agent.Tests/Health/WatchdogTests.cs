using Microsoft.Extensions.Time.Testing;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Agent.Tests.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Health;

public sealed class WatchdogTests
{
    private sealed class FakeUsage : SelfUsage
    {
        public long Rss { get; set; } = 20L << 20;
        public TimeSpan Cpu { get; set; }
        public override long ResidentBytes() => Rss;
        public override TimeSpan CpuTime() => Cpu;
    }

    private readonly FakeTimeProvider _time = new();
    private readonly FakeUsage _usage = new();
    private readonly HealthTracker _health;
    private readonly Watchdog _watchdog;
    private readonly List<ScheduledCollector> _collectors;

    public WatchdogTests()
    {
        _health = new HealthTracker(_time);
        _watchdog = new Watchdog(new LimitsOptions { MaxRssBytes = 64L << 20, MaxCpuPercent = 5, Window = TimeSpan.FromSeconds(60) }, _usage, _time, _health);
        _collectors =
        [
            Scheduled("cpu", optional: false, averageSeconds: 0.5),
            Scheduled("processes", optional: true, averageSeconds: 0.05),
            Scheduled("connections", optional: true, averageSeconds: 0.2),
        ];
    }

    private ScheduledCollector Scheduled(string name, bool optional, double averageSeconds) =>
        new(new CollectorInstance(ScriptedCollector.Healthy(name, optional), HostPaths.Default, _time), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), optional)
        { AverageSeconds = averageSeconds };

    [Fact]
    public void Over_the_rss_limit_it_sheds_the_most_expensive_optional_collector_and_says_by_how_much()
    {
        _usage.Rss = 80L << 20;
        Assert.Equal(1, _watchdog.Check(_collectors));
        Assert.True(_collectors.Single(c => c.Name == "connections").Shed);
        Assert.False(_collectors.Single(c => c.Name == "cpu").Shed); // core collectors are never shed
        var record = Assert.Single(_health.Drain());
        Assert.Equal(("agent", HealthStatus.Degraded, "shed_rss_limit"), (record.Source, record.Status, record.Reason));
        Assert.Contains("resident memory 80 MiB exceeds max_rss 64 MiB by 16 MiB", record.Message);
        Assert.Contains("connections", record.Message);

        Assert.Equal(2, _watchdog.Check(_collectors));
        Assert.Equal(2, _watchdog.Check(_collectors)); // nothing optional left; cpu stays
    }

    [Fact]
    public void Over_the_cpu_limit_across_the_window_it_sheds()
    {
        for (var i = 0; i <= 6; i++)
        {
            _watchdog.Check(_collectors);
            _time.Advance(TimeSpan.FromSeconds(10));
            _usage.Cpu += TimeSpan.FromSeconds(1); // 10% of one core
        }
        Assert.Contains(_collectors, c => c.Shed);
        Assert.Equal("shed_cpu_limit", Assert.Single(_health.Drain()).Reason);
    }

    [Fact]
    public void A_short_burst_does_not_shed_anything()
    {
        _watchdog.Check(_collectors);
        _time.Advance(TimeSpan.FromSeconds(10));
        _usage.Cpu += TimeSpan.FromSeconds(5); // 50% for 10 s, before a full window
        Assert.Equal(0, _watchdog.Check(_collectors));
    }

    [Fact]
    public void Shed_collectors_resume_after_a_whole_window_under_80_percent_of_the_limits()
    {
        _usage.Rss = 80L << 20;
        _watchdog.Check(_collectors);
        _health.Drain();
        _usage.Rss = 40L << 20;
        _watchdog.Check(_collectors);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, _watchdog.Check(_collectors));
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, _watchdog.Check(_collectors));
        Assert.Equal(HealthStatus.Ok, Assert.Single(_health.Drain()).Status);
    }
}

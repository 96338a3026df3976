using Vigil.Agent.Configuration;
using Vigil.Agent.Detection;
using Vigil.Agent.Health;
using Vigil.Protocol;
using Record = Vigil.Protocol.Record;

namespace Vigil.Agent.Tests.Detection;

public sealed class AnomalyWatchTests
{
    private const long Start = 1_764_547_200_000;
    private static readonly IReadOnlyDictionary<string, string> Cpu0 = new Dictionary<string, string> { ["cpu"] = "0" };

    /// <summary>A quiet gauge with one spike at <paramref name="spikeAt"/> (or none), one sample per 10 s.</summary>
    private static double Gauge(int i, int spikeAt = -1) => i == spikeAt ? 95 : 20 + 2 * Math.Sin(i * 0.7) + (i % 7) * 0.3;

    private static MetricsRecord Sample(int i, double value, MetricKind kind = MetricKind.Gauge, double? rate = null) => new()
    {
        Source = "cpu",
        TimestampUnixMs = Start + i * 10_000L,
        Metrics = [new Metric { Name = "system.cpu.utilization", Unit = "1", Kind = kind, Attributes = Cpu0, Value = value, Rate = rate }],
    };

    private static List<AnomalyRecord> Feed(AnomalyWatch watch, int from, int to, Func<int, double> value)
    {
        var output = new List<Record>();
        for (var i = from; i < to; i++)
        {
            watch.Observe(Sample(i, value(i)), output);
        }
        return output.OfType<AnomalyRecord>().ToList();
    }

    [Fact]
    public void A_spike_becomes_an_open_and_a_close_record_sharing_one_id()
    {
        var watch = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), statePath: null);
        var records = Feed(watch, 0, 1500, i => Gauge(i, spikeAt: 1200));
        var open = Assert.Single(records, r => r.State == AnomalyState.Open);
        var close = Assert.Single(records, r => r.State == AnomalyState.Closed);
        Assert.Equal(open.Id, close.Id);
        Assert.Equal("detection", open.Source);
        Assert.Equal("system.cpu.utilization", open.Metric);
        Assert.Equal(Cpu0, open.Attributes);
        Assert.Equal(Start + 1200 * 10_000L, open.SinceUnixMs);
        Assert.Equal(95, open.Observed);
        Assert.True(open.ExpectedLow < 20 && 22 < open.ExpectedHigh, $"{open.ExpectedLow}..{open.ExpectedHigh}");
        Assert.StartsWith("system.cpu.utilization{cpu=0}: 95 outside expected", open.Message);
        Assert.NotEmpty(open.Detectors);
        Assert.True(open.Score >= 0.995);
    }

    [Fact]
    public void Counters_are_watched_by_their_rate_and_a_first_sample_without_rate_is_skipped()
    {
        var watch = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), statePath: null);
        var output = new List<Record>();
        watch.Observe(Sample(0, 1000, MetricKind.Counter, rate: null), output);
        Assert.Null(watch.DetectorFor("system.cpu.utilization{cpu=0}"));
        for (var i = 1; i < 300; i++)
        {
            watch.Observe(Sample(i, 1000 + i * 50, MetricKind.Counter, rate: 5), output);
        }
        Assert.Equal(299, watch.DetectorFor("system.cpu.utilization{cpu=0}")!.Count);
    }

    [Fact]
    public void A_rule_can_turn_a_metric_off_or_change_its_detectors_and_sensitivity()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", """
            detection:
              rules:
                - match: "system.cpu.*"
                  enabled: false
                - match: "system.memory.*"
                  detectors: [level]
                  sensitivity: low
            """).Detection;
        Assert.False(options.For("system.cpu.utilization").Enabled);
        var memory = options.For("system.memory.usage");
        Assert.Equal(["level"], memory.Options.Detectors);
        Assert.Equal(0.9995, memory.Options.Threshold);
        Assert.Same(DetectionRule.Default, options.For("system.disk.io"));

        var watch = new AnomalyWatch(options, new HealthTracker(TimeProvider.System), statePath: null);
        Assert.Empty(Feed(watch, 0, 1500, i => Gauge(i, spikeAt: 1200)));
        Assert.Equal(0, watch.WatchedCount);
    }

    [Fact]
    public void Series_beyond_max_series_are_not_watched_and_that_is_reported()
    {
        var health = new HealthTracker(TimeProvider.System);
        var watch = new AnomalyWatch(new AnomalyDetectionOptions { MaxSeries = 2 }, health, statePath: null);
        var metrics = Enumerable.Range(0, 3).Select(c => new Metric
        {
            Name = "system.cpu.utilization",
            Unit = "1",
            Attributes = new Dictionary<string, string> { ["cpu"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Value = 1,
        }).ToList();
        watch.Observe(new MetricsRecord { Source = "cpu", TimestampUnixMs = Start, Metrics = metrics }, []);
        Assert.Equal(2, watch.WatchedCount);
        Assert.Contains(health.Drain(), h => h.Reason == "series_limit" && h.Message.Contains("detection.max_series", StringComparison.Ordinal));
    }

    [Fact]
    public void A_restart_restores_what_was_learned_instead_of_starting_a_new_learning_period()
    {
        using var dir = new TempHostRoot();
        var path = Path.Combine(dir.Root, AnomalyWatch.StateFileName);
        var uninterrupted = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), statePath: null);
        Feed(uninterrupted, 0, 1000, i => Gauge(i));

        var before = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), path);
        Feed(before, 0, 1000, i => Gauge(i));
        before.Save(DateTimeOffset.FromUnixTimeMilliseconds(Start));
        Assert.True(new FileInfo(path).Length < 4096, $"{new FileInfo(path).Length} bytes for one series");

        var after = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), path);
        after.Load();
        var output = new List<Record>();
        after.Observe(Sample(1000, Gauge(1000)), output);
        var restored = after.DetectorFor("system.cpu.utilization{cpu=0}")!;
        Assert.Equal(1001, restored.Count);

        // From here the restarted agent decides exactly as one that never stopped.
        uninterrupted.Observe(Sample(1000, Gauge(1000)), []);
        var a = Feed(uninterrupted, 1001, 1300, i => Gauge(i, spikeAt: 1100));
        var b = Feed(after, 1001, 1300, i => Gauge(i, spikeAt: 1100));
        Assert.NotEmpty(a);
        Assert.Equal(a.Select(r => r.Message), b.Select(r => r.Message));
    }

    [Fact]
    public void State_of_a_series_not_seen_since_the_restart_is_kept_on_the_next_save()
    {
        using var dir = new TempHostRoot();
        var path = Path.Combine(dir.Root, AnomalyWatch.StateFileName);
        var first = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), path);
        Feed(first, 0, 500, i => Gauge(i));
        first.Save(DateTimeOffset.UnixEpoch);

        var second = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), path);
        second.Load();
        second.Save(DateTimeOffset.UnixEpoch); // before the series came round again

        var third = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), path);
        third.Load();
        third.Observe(Sample(500, Gauge(500)), []);
        Assert.Equal(501, third.DetectorFor("system.cpu.utilization{cpu=0}")!.Count);
    }

    [Fact]
    public void A_corrupt_state_file_is_reported_and_detectors_learn_afresh()
    {
        using var dir = new TempHostRoot();
        var path = Path.Combine(dir.Root, AnomalyWatch.StateFileName);
        var first = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), path);
        Feed(first, 0, 500, i => Gauge(i));
        first.Save(DateTimeOffset.UnixEpoch);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var health = new HealthTracker(TimeProvider.System);
        var second = new AnomalyWatch(new AnomalyDetectionOptions(), health, path);
        second.Load();
        second.Observe(Sample(500, Gauge(500)), []);
        Assert.Equal(1, second.DetectorFor("system.cpu.utilization{cpu=0}")!.Count);
        Assert.Contains(health.Drain(), h => h.Reason == "state_unusable" && h.Message.Contains("checksum", StringComparison.Ordinal));
    }

    [Fact]
    public void State_saved_for_other_detectors_is_not_restored()
    {
        using var dir = new TempHostRoot();
        var path = Path.Combine(dir.Root, AnomalyWatch.StateFileName);
        var first = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), path);
        Feed(first, 0, 500, i => Gauge(i));
        first.Save(DateTimeOffset.UnixEpoch);
        var levelOnly = AgentConfigLoader.Parse("agent.yaml", "detection:\n  rules:\n    - match: \"*\"\n      detectors: [level]\n").Detection;
        var second = new AnomalyWatch(levelOnly, new HealthTracker(TimeProvider.System), path);
        second.Load();
        second.Observe(Sample(500, Gauge(500)), []);
        Assert.Equal(1, second.DetectorFor("system.cpu.utilization{cpu=0}")!.Count);
    }
}

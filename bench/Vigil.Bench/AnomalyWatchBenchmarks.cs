using BenchmarkDotNet.Attributes;
using Vigil.Agent.Configuration;
using Vigil.Agent.Detection;
using Vigil.Agent.Health;
using Vigil.Protocol;

namespace Vigil.Bench;

/// <summary>
/// What detection adds to one collection cycle: one metrics record of <see cref="Series"/> series (the size of a
/// typical host's cycle) through the agent's <see cref="AnomalyWatch"/> with the default rules.
/// </summary>
[MemoryDiagnoser]
public class AnomalyWatchBenchmarks
{
    private readonly List<Record> _output = new(16);
    private AnomalyWatch _watch = null!;
    private Metric[] _metrics = null!;
    private long _at = 1_764_547_200_000;
    private int _cycle;

    [Params(200)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _watch = new AnomalyWatch(new AnomalyDetectionOptions(), new HealthTracker(TimeProvider.System), statePath: null);
        _metrics = Enumerable.Range(0, Series).Select(i => new Metric
        {
            Name = "system.cpu.utilization",
            Unit = "1",
            Attributes = new Dictionary<string, string> { ["cpu"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["state"] = "user" },
            Value = 0,
        }).ToArray();
        for (var i = 0; i < 2000; i++)
        {
            Cycle();
        }
    }

    [Benchmark]
    public int Cycle()
    {
        _at += 10_000;
        _cycle++;
        for (var i = 0; i < _metrics.Length; i++)
        {
            _metrics[i] = _metrics[i] with { Value = 20 + ((_cycle * 7 + i * 13) % 17) * 0.5 };
        }
        _output.Clear();
        _watch.Observe(new MetricsRecord { Source = "cpu", TimestampUnixMs = _at, Metrics = _metrics }, _output);
        return _output.Count;
    }
}

using BenchmarkDotNet.Attributes;
using Vigil.Agent.Collectors;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;

namespace Vigil.Bench;

/// <summary>
/// One run of each collector against this machine's live /proc and /sys: time and bytes allocated per run.
/// The agent's periodic cost is the sum over the collectors due in a cycle.
/// </summary>
[MemoryDiagnoser]
public class CollectorBenchmarks
{
    private CollectorInstance _instance = null!;

    [ParamsSource(nameof(Collectors))]
    public string Collector { get; set; } = "";

    public static IEnumerable<string> Collectors() => KnownCollectors.Names;

    [GlobalSetup]
    public void Setup()
    {
        var options = new AgentOptions { StateDirectory = Path.Combine(Path.GetTempPath(), "vigil-bench-state") };
        var collector = KnownCollectors.Create(options, new AgentStatus(), new SelfUsage()).Single(c => c.Name == Collector);
        _instance = new CollectorInstance(collector, HostPaths.Default, TimeProvider.System);
        _instance.RunAsync(CancellationToken.None).GetAwaiter().GetResult(); // first run fills caches and previous samples
    }

    [Benchmark]
    public int Run() => _instance.RunAsync(CancellationToken.None).GetAwaiter().GetResult().Records.Count;
}

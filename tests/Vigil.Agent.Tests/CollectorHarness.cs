using Microsoft.Extensions.Time.Testing;
using Vigil.Agent.Collectors;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Tests;

/// <summary>Runs a collector against a fixture root (or the live host) on a fake clock and gives back what it wrote.</summary>
public sealed class CollectorHarness
{
    private readonly CollectorInstance _instance;

    public CollectorHarness(ICollector collector, HostPaths paths)
    {
        _instance = new CollectorInstance(collector, paths, Time);
    }

    public CollectorHarness(ICollector collector, string fixtureRoot) : this(collector, new HostPaths(fixtureRoot)) { }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Path of a recorded fixture tree under Fixtures/.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Runs once; fails the test if the collector threw.</summary>
    public CollectorRunResult Run()
    {
        var result = _instance.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (result.Failure is not null)
        {
            throw new InvalidOperationException($"collector {result.Collector} failed", result.Failure);
        }
        return result;
    }

    /// <summary>Advances the fake clock, then runs.</summary>
    public CollectorRunResult RunAfter(TimeSpan elapsed)
    {
        Time.Advance(elapsed);
        return Run();
    }

    public static IReadOnlyList<Metric> Metrics(CollectorRunResult result) =>
        result.Records.OfType<MetricsRecord>().SelectMany(r => r.Metrics).ToList();

    public static Metric Single(CollectorRunResult result, string name, params (string Key, string Value)[] attributes) =>
        Metrics(result).Single(m => m.Name == name && attributes.All(a => m.Attributes is not null && m.Attributes.TryGetValue(a.Key, out var v) && v == a.Value)
            && (m.Attributes?.Count ?? 0) == attributes.Length);
}

using System.Text.RegularExpressions;
using Vigil.Agent.Collectors;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Collectors;

/// <summary>The contract every registered collector keeps, checked for all of them at once.</summary>
public sealed partial class CollectorContractTests
{
    public static TheoryData<string> Names() => [.. KnownCollectors.Names];

    private static ICollector Create(string name) =>
        KnownCollectors.Create(new AgentOptions { StateDirectory = Path.Combine(Path.GetTempPath(), "vigil-contract-" + name) }, new AgentStatus(), new SelfUsage())
            .Single(c => c.Name == name);

    [Fact]
    public void Names_are_unique_and_registered_once()
    {
        Assert.Equal(KnownCollectors.Names.Count, KnownCollectors.Names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Declares_a_well_formed_schema_and_sane_defaults(string name)
    {
        var collector = Create(name);
        Assert.Equal(name, collector.Name);
        Assert.Matches(SnakeCase(), name);
        Assert.True(collector.Defaults.Interval >= TimeSpan.FromSeconds(1));
        Assert.True(collector.Defaults.Budget > TimeSpan.Zero && collector.Defaults.Budget <= collector.Defaults.Interval);
        foreach (var m in collector.Schema.Metrics)
        {
            Assert.Matches(MetricName(), m.Name);
            Assert.False(string.IsNullOrWhiteSpace(m.Unit), $"{m.Name} has no unit");
            Assert.False(string.IsNullOrWhiteSpace(m.Description), $"{m.Name} has no description");
        }
        Assert.Equal(collector.Schema.Metrics.Count, collector.Schema.Metrics.Select(m => m.Name).Distinct().Count());
        Assert.True(collector.Schema.Metrics.Count + collector.Schema.InventoryKinds.Count > 0 || collector.Schema.EmitsIdentity || collector.Schema.EmitsDrift);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Runs_twice_against_this_machine_without_failing(string name)
    {
        var instance = new CollectorInstance(Create(name), HostPaths.Default, TimeProvider.System);
        for (var run = 0; run < 2; run++)
        {
            var result = await instance.RunAsync(CancellationToken.None);
            Assert.Null(result.Failure);
            Assert.All(result.Records, r => Assert.Equal(name, r.Source));
            foreach (var metric in result.Records.OfType<MetricsRecord>().SelectMany(r => r.Metrics))
            {
                Assert.True(double.IsFinite(metric.Value), $"{metric.Name} = {metric.Value}");
                Assert.True(metric.Rate is null || double.IsFinite(metric.Rate.Value), $"{metric.Name} rate = {metric.Rate}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task On_a_host_where_nothing_exists_it_reports_unavailable_instead_of_throwing(string name)
    {
        using var empty = new TempHostRoot();
        var instance = new CollectorInstance(Create(name), new HostPaths(empty.Root), TimeProvider.System);
        var result = await instance.RunAsync(CancellationToken.None);
        Assert.Null(result.Failure);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
    private static partial Regex MetricName();
}

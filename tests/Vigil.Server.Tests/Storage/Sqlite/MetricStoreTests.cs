using Vigil.Protocol;
using Vigil.Server.Storage;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Storage.Sqlite;

public class MetricStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Everything older than an hour at <see cref="Late"/> is gone from raw; rollups stay.</summary>
    private static readonly RetentionOptions ShortRaw = new() { Raw = TimeSpan.FromHours(1) };
    private static readonly DateTimeOffset Late = T0 + TimeSpan.FromDays(1);

    [Theory]
    [InlineData(Aggregation.Avg, 1, 4)]
    [InlineData(Aggregation.Min, 0, 3)]
    [InlineData(Aggregation.Max, 2, 5)]
    [InlineData(Aggregation.Sum, 3, 12)]
    [InlineData(Aggregation.Last, 2, 5)]
    [InlineData(Aggregation.Count, 3, 3)]
    public async Task RawQueryAggregatesEachStep(Aggregation aggregation, double first, double second)
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await CommitCpuAsync(test, agent, count: 12, spacing: TimeSpan.FromSeconds(10));

        var result = await test.Store.Metrics.QueryAsync(Cpu(agent, TimeSpan.FromSeconds(30), aggregation, TimeSpan.FromMinutes(2)), None);

        Assert.NotNull(result);
        Assert.Equal("raw", result.Tier);
        Assert.Equal(30_000, result.StepMs);
        Assert.Equal(["cpu=0", "cpu=1"], result.Series.Select(s => string.Join(",", s.Attributes.Select(a => a.Key + "=" + a.Value))));
        var cpu0 = result.Series[0].Points;
        Assert.Equal(4, cpu0.Count);
        Assert.Equal(new SeriesPoint(Ms(TimeSpan.Zero), first), cpu0[0]);
        Assert.Equal(new SeriesPoint(Ms(TimeSpan.FromSeconds(30)), second), cpu0[1]);
        // cpu=1 carries the same pattern shifted by 100 (sum and count aside).
        var shift = aggregation switch { Aggregation.Sum => 300, Aggregation.Count => 0, _ => 100 };
        Assert.Equal(first + shift, result.Series[1].Points[0].Value);
    }

    [Theory]
    [InlineData(Aggregation.Avg, 2.5, 8.5)]
    [InlineData(Aggregation.Min, 0, 6)]
    [InlineData(Aggregation.Max, 5, 11)]
    [InlineData(Aggregation.Sum, 15, 51)]
    [InlineData(Aggregation.Last, 5, 11)]
    [InlineData(Aggregation.Count, 6, 6)]
    public async Task MinuteRollupsAnswerOnceRawIsGone(Aggregation aggregation, double first, double second)
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await CommitCpuAsync(test, agent, count: 12, spacing: TimeSpan.FromSeconds(10));
        var report = await test.Store.Metrics.MaintainAsync(Late, ShortRaw, None);
        Assert.Equal((12, 12), (report.FramesRolledUp, report.RawDeleted));

        var result = await test.Store.Metrics.QueryAsync(Cpu(agent, TimeSpan.FromMinutes(1), aggregation, TimeSpan.FromMinutes(2)), None);

        Assert.Equal("1m", result!.Tier);
        Assert.Equal(
            [new SeriesPoint(Ms(TimeSpan.Zero), first), new SeriesPoint(Ms(TimeSpan.FromMinutes(1)), second)],
            result.Series[0].Points);
    }

    [Theory]
    [InlineData(Aggregation.Avg, 2.5, 8.5)]
    [InlineData(Aggregation.Min, 0, 6)]
    [InlineData(Aggregation.Max, 5, 11)]
    [InlineData(Aggregation.Sum, 15, 51)]
    [InlineData(Aggregation.Last, 5, 11)]
    [InlineData(Aggregation.Count, 6, 6)]
    public async Task HourRollupsAnswerHourSteps(Aggregation aggregation, double first, double second)
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await CommitCpuAsync(test, agent, count: 12, spacing: TimeSpan.FromMinutes(10));
        await test.Store.Metrics.MaintainAsync(Late, ShortRaw, None);

        var result = await test.Store.Metrics.QueryAsync(Cpu(agent, TimeSpan.FromHours(1), aggregation, TimeSpan.FromHours(2)), None);

        Assert.Equal("1h", result!.Tier);
        Assert.Equal(3_600_000, result.StepMs);
        Assert.Equal(
            [new SeriesPoint(Ms(TimeSpan.Zero), first), new SeriesPoint(Ms(TimeSpan.FromHours(1)), second)],
            result.Series[0].Points);
    }

    [Fact]
    public async Task RollupTierIncludesFramesNotRolledUpYet()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await CommitCpuAsync(test, agent, count: 6, spacing: TimeSpan.FromSeconds(10));
        await test.Store.Metrics.MaintainAsync(T0, new RetentionOptions(), None);
        await CommitCpuAsync(test, agent, count: 6, spacing: TimeSpan.FromSeconds(10), firstSequence: 7, firstIndex: 6);

        var result = await test.Store.Metrics.QueryAsync(Cpu(agent, TimeSpan.FromMinutes(1), Aggregation.Count, TimeSpan.FromMinutes(2)), None);

        Assert.Equal("1m", result!.Tier);
        Assert.Equal([6.0, 6.0], result.Series[0].Points.Select(p => p.Value));
    }

    [Fact]
    public async Task RollupPassStoppedBetweenHostGroupsNeitherLosesNorDoubleCounts()
    {
        await using var test = await TestStore.OpenAsync();
        string[] agents = [await test.EnrollAsync("agt_00000000000000000001", "web-1"), await test.EnrollAsync("agt_00000000000000000002", "web-2"), await test.EnrollAsync("agt_00000000000000000003", "web-3")];
        foreach (var agent in agents)
        {
            await CommitCpuAsync(test, agent, count: 6, spacing: TimeSpan.FromSeconds(10));
        }

        // One host group of one host: the pass has rolled up web-1 only.
        var first = await test.Store.Writer.ExecuteAsync(ctx => Vigil.Server.Storage.Sqlite.SqliteMaintenance.RollUp(ctx.Connection, maxHosts: 1), None);
        Assert.Equal((6, false), first);
        foreach (var agent in agents)
        {
            var midway = await test.Store.Metrics.QueryAsync(Cpu(agent, TimeSpan.FromMinutes(1), Aggregation.Count, TimeSpan.FromMinutes(2)), None);
            Assert.Equal(6.0, midway!.Series[0].Points.Sum(p => p.Value));
        }

        // A restart resumes the pass after web-1, and raw frames can then go.
        await test.ReopenAsync();
        var report = await test.Store.Metrics.MaintainAsync(Late, ShortRaw, None);
        Assert.Equal((12, 18), (report.FramesRolledUp, report.RawDeleted));
        foreach (var agent in agents)
        {
            var rolled = await test.Store.Metrics.QueryAsync(Cpu(agent, TimeSpan.FromMinutes(1), Aggregation.Count, TimeSpan.FromMinutes(2)), None);
            Assert.Equal(6.0, rolled!.Series[0].Points.Sum(p => p.Value));
        }
    }

    [Fact]
    public async Task RangeBeforeRawRetentionFallsBackToRollups()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await CommitCpuAsync(test, agent, count: 12, spacing: TimeSpan.FromSeconds(10));
        await test.Store.Metrics.MaintainAsync(Late, ShortRaw, None);

        var result = await test.Store.Metrics.QueryAsync(Cpu(agent, TimeSpan.FromSeconds(10), Aggregation.Count, TimeSpan.FromMinutes(2)), None);

        Assert.Equal("1m", result!.Tier);
        Assert.Equal(60_000, result.StepMs);
        Assert.Equal([6.0, 6.0], result.Series[0].Points.Select(p => p.Value));
    }

    [Fact]
    public async Task AttributeFilterSelectsBySubset()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero,
            Gauge("disk", 1, "device=sda", "direction=read"),
            Gauge("disk", 2, "device=sda", "direction=write"),
            Gauge("disk", 3, "device=sdb", "direction=read")));

        var result = await test.Store.Metrics.QueryAsync(Query(agent, "disk") with { Attributes = new Dictionary<string, string> { ["direction"] = "read" } }, None);

        Assert.Equal(["sda", "sdb"], result!.Series.Select(s => s.Attributes["device"]));
        Assert.False(result.Truncated);
        var none = await test.Store.Metrics.QueryAsync(Query(agent, "disk") with { Attributes = new Dictionary<string, string> { ["device"] = "sdc" } }, None);
        Assert.Empty(none!.Series);
    }

    [Fact]
    public async Task MaxSeriesCutsAndSaysSo()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Gauge("proc", 1, "pid=3"), Gauge("proc", 2, "pid=1"), Gauge("proc", 3, "pid=2")));

        var result = await test.Store.Metrics.QueryAsync(Query(agent, "proc") with { MaxSeries = 2 }, None);

        Assert.True(result!.Truncated);
        Assert.Equal(["1", "2"], result.Series.Select(s => s.Attributes["pid"]));
    }

    [Fact]
    public async Task CountersAreReturnedAsRates()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Counter("net.io", 1000, rate: null)));
        await test.CommitAsync(agent, 2, Samples(TimeSpan.FromSeconds(10), Counter("net.io", 1500, rate: 50)));
        await test.CommitAsync(agent, 3, Samples(TimeSpan.FromSeconds(20), Counter("net.io", 1700, rate: 20)));

        var result = await test.Store.Metrics.QueryAsync(Query(agent, "net.io") with { Aggregation = Aggregation.Avg, Step = TimeSpan.FromSeconds(10) }, None);

        Assert.Equal("counter", result!.Kind);
        Assert.Equal("By/s", result.Unit);
        Assert.Equal([50.0, 20.0], result.Series.Single().Points.Select(p => p.Value));
        var info = Assert.Single(await test.Store.Metrics.ListMetricsAsync(agent, None));
        Assert.Equal(new MetricInfo("net.io", "By/s", "counter", 1), info);
    }

    [Fact]
    public async Task NonFiniteValuesAreSkipped()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Gauge("x", double.NaN), Gauge("x", 1, "a=b"), Gauge("x", double.PositiveInfinity, "a=c")));

        var result = await test.Store.Metrics.QueryAsync(Query(agent, "x"), None);

        Assert.Equal(1, Assert.Single(result!.Series).Points.Single().Value);
    }

    [Fact]
    public async Task LateDataMergesIntoRollups()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.FromSeconds(30), Gauge("x", 1)));
        await test.Store.Metrics.MaintainAsync(T0 + TimeSpan.FromMinutes(5), new RetentionOptions(), None);
        // Sent later (a spooled record), observed earlier in the same minute and hour.
        await test.CommitAsync(agent, 2, Samples(TimeSpan.FromSeconds(5), Gauge("x", 100)));
        var second = await test.Store.Metrics.MaintainAsync(Late, ShortRaw, None);
        var third = await test.Store.Metrics.MaintainAsync(Late, ShortRaw, None);

        Assert.Equal(1, second.FramesRolledUp);
        Assert.Equal(0, third.FramesRolledUp);
        foreach (var step in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromHours(1) })
        {
            var query = Query(agent, "x") with { Step = step };
            var values = new Dictionary<Aggregation, double>();
            foreach (var aggregation in Enum.GetValues<Aggregation>())
            {
                var result = await test.Store.Metrics.QueryAsync(query with { Aggregation = aggregation }, None);
                Assert.NotEqual("raw", result!.Tier);
                values[aggregation] = result.Series.Single().Points.Single().Value;
            }
            Assert.Equal(2, values[Aggregation.Count]);
            Assert.Equal(101, values[Aggregation.Sum]);
            Assert.Equal(50.5, values[Aggregation.Avg]);
            Assert.Equal(1, values[Aggregation.Min]);
            Assert.Equal(100, values[Aggregation.Max]);
            // "Last" is the newest observation, not the last to arrive.
            Assert.Equal(1, values[Aggregation.Last]);
        }
    }

    [Fact]
    public async Task BatchAcrossAnHourBoundaryRollsIntoBothBuckets()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1,
            Samples(TimeSpan.FromSeconds(3595), Gauge("x", 1)),
            Samples(TimeSpan.FromSeconds(3605), Gauge("x", 2)),
            Samples(TimeSpan.FromSeconds(3598), Gauge("x", 3)));
        await test.Store.Metrics.MaintainAsync(Late, ShortRaw, None);

        var query = Query(agent, "x") with { From = T0, To = T0 + TimeSpan.FromHours(2), Aggregation = Aggregation.Sum };
        var minutes = await test.Store.Metrics.QueryAsync(query with { Step = TimeSpan.FromMinutes(1) }, None);
        var hours = await test.Store.Metrics.QueryAsync(query with { Step = TimeSpan.FromHours(1) }, None);

        Assert.Equal([new SeriesPoint(Ms(TimeSpan.FromMinutes(59)), 4), new SeriesPoint(Ms(TimeSpan.FromMinutes(60)), 2)], minutes!.Series.Single().Points);
        Assert.Equal([new SeriesPoint(Ms(TimeSpan.Zero), 4), new SeriesPoint(Ms(TimeSpan.FromHours(1)), 2)], hours!.Series.Single().Points);
    }

    [Fact]
    public async Task RetentionDeletesEachTierAtItsAge()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Gauge("x", 1)));
        await test.CommitAsync(agent, 2, Samples(TimeSpan.FromHours(3), Gauge("x", 2)));
        var retention = new RetentionOptions { Raw = TimeSpan.FromHours(1), Minute = TimeSpan.FromHours(2), Hour = TimeSpan.FromHours(5), Events = TimeSpan.FromDays(1) };

        var atFour = await test.Store.Metrics.MaintainAsync(T0 + TimeSpan.FromHours(3.5), retention, None);
        var atSix = await test.Store.Metrics.MaintainAsync(T0 + TimeSpan.FromHours(6.5), retention, None);

        Assert.Equal(new MaintenanceReport(FramesRolledUp: 2, RawDeleted: 1, MinuteDeleted: 1, HourDeleted: 0, EventsDeleted: 0), atFour);
        Assert.Equal(new MaintenanceReport(FramesRolledUp: 0, RawDeleted: 1, MinuteDeleted: 1, HourDeleted: 1, EventsDeleted: 0), atSix);
        var left = await test.Store.Metrics.QueryAsync(Query(agent, "x") with { From = T0, To = T0 + TimeSpan.FromHours(4), Step = TimeSpan.FromHours(1) }, None);
        Assert.Equal([Ms(TimeSpan.FromHours(3))], left!.Series.Single().Points.Select(p => p.TimestampMs));
    }

    [Fact]
    public async Task LatestValuesAreTheNewestOfEachSeriesAlsoAfterReopen()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Gauge("mem", 10), Gauge("conn", 7, "state=established")));
        await test.CommitAsync(agent, 2, Samples(TimeSpan.FromSeconds(10), Gauge("mem", 11), Gauge("cpu", 0.5, "cpu=0"), Gauge("cpu", 0.25, "cpu=1")));
        await test.CommitAsync(agent, 3, Samples(TimeSpan.FromSeconds(20), Gauge("mem", 12), Counter("net", 5, 2.5)));

        async Task Check()
        {
            var latest = await test.Store.Metrics.LatestAsync(agent, ["mem", "cpu", "conn", "net", "absent"], None);
            Assert.Equal(12, latest["mem"][""]);
            Assert.Equal(0.5, latest["cpu"]["cpu=0"]);
            Assert.Equal(0.25, latest["cpu"]["cpu=1"]);
            Assert.Equal(7, latest["conn"]["state=established"]);
            Assert.Equal(2.5, latest["net"][""]);
            Assert.False(latest.ContainsKey("absent"));
        }

        await Check();
        await test.ReopenAsync();
        await Check();
        await test.CommitAsync(agent, 4, Samples(TimeSpan.FromSeconds(30), Gauge("mem", 13)));
        Assert.Equal(13, (await test.Store.Metrics.LatestAsync(agent, ["mem"], None))["mem"][""]);
    }

    [Fact]
    public async Task BadQueriesAreRefusedByName()
    {
        await using var test = await TestStore.OpenAsync();

        var backwards = await Assert.ThrowsAsync<ArgumentException>(() => test.Store.Metrics.QueryAsync(Query("a", "x") with { To = T0 - TimeSpan.FromDays(1) }, None));
        var zeroStep = await Assert.ThrowsAsync<ArgumentException>(() => test.Store.Metrics.QueryAsync(Query("a", "x") with { Step = TimeSpan.Zero }, None));

        Assert.Contains("before it starts", backwards.Message, StringComparison.Ordinal);
        Assert.Contains("step", zeroStep.Message, StringComparison.Ordinal);
    }

    /// <summary>Commits one batch per sample; sample i has cpu=0 at i and cpu=1 at 100 + i.</summary>
    private static async Task CommitCpuAsync(TestStore test, string agent, int count, TimeSpan spacing, long firstSequence = 1, int firstIndex = 0)
    {
        var release = await test.HoldWriterAsync();
        var commits = Enumerable.Range(firstIndex, count).Select(i => test.Store.Ingest.CommitAsync(
            Batch(agent, firstSequence + i - firstIndex, Samples(spacing * i, Gauge("cpu", i, "cpu=0"), Gauge("cpu", 100 + i, "cpu=1"))), None)).ToList();
        await release();
        Assert.All(await Task.WhenAll(commits), r => Assert.Equal(IngestStatus.Stored, r.Status));
    }

    private static SeriesQuery Cpu(string agent, TimeSpan step, Aggregation aggregation, TimeSpan length) => new()
    {
        AgentId = agent,
        Metric = "cpu",
        From = T0,
        To = T0 + length - TimeSpan.FromMilliseconds(1),
        Step = step,
        Aggregation = aggregation,
    };

    private static SeriesQuery Query(string agent, string metric) => IngestTests.Query(agent, metric) with { Aggregation = Aggregation.Last };
}

using Vigil.Protocol;
using Vigil.Server.Storage;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Storage.Sqlite;

public sealed class AnomalyStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<IReadOnlyList<StoredAnomaly>> All(TestStore test, AnomalyQuery? query = null) =>
        test.Store.Anomalies.QueryAsync(query ?? new AnomalyQuery(), None);

    [Fact]
    public async Task OpenThenCloseIsOneAnomalyWithTheOpensExplanationAndThePeakScore()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.FromSeconds(20), Gauge("system.cpu.utilization", 0.97, "cpu.mode=user")),
            Anomaly(TimeSpan.FromSeconds(30), "a1", AnomalyState.Open, since: TimeSpan.FromSeconds(20), score: 0.991));
        var open = Assert.Single(await All(test));
        Assert.Equal("1", open.Unit);
        Assert.Equal(AnomalyState.Open, open.State);
        Assert.Equal("web-1", open.Hostname);
        Assert.Equal(T0 + TimeSpan.FromSeconds(20), open.Since);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), open.OpenedAt);
        Assert.Null(open.ClosedAt);

        await test.CommitAsync(agent, 2, Anomaly(TimeSpan.FromMinutes(5), "a1", AnomalyState.Closed, since: TimeSpan.FromSeconds(20), score: 0.9995, observed: 0.2, detector: "changepoint"));

        var closed = Assert.Single(await All(test));
        Assert.Equal(AnomalyState.Closed, closed.State);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), closed.OpenedAt);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), closed.ClosedAt);
        Assert.Equal(0.9995, closed.PeakScore);
        Assert.Equal(0.97, closed.Observed);
        Assert.Equal(0.2, closed.ClosedObserved);
        Assert.Equal((0.05, 0.30), (closed.ExpectedLow, closed.ExpectedHigh));
        Assert.Equal(["level", "changepoint"], closed.Detectors);
        Assert.Contains("Open: observed 0.97", closed.Message, StringComparison.Ordinal);
        Assert.Equal("user", closed.Attributes["cpu.mode"]);
    }

    [Fact]
    public async Task ACloseWhoseOpenNeverArrivedIsKeptAsClosedWithoutAnOpeningTime()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 7, Anomaly(TimeSpan.FromMinutes(10), "lost-open", AnomalyState.Closed, since: TimeSpan.FromMinutes(2), observed: 0.21));

        var anomaly = Assert.Single(await All(test));
        Assert.Equal(AnomalyState.Closed, anomaly.State);
        Assert.Null(anomaly.OpenedAt);
        Assert.Null(anomaly.Unit); // the host never reported the metric itself
        Assert.Equal(T0 + TimeSpan.FromMinutes(2), anomaly.Since);
        Assert.Equal(T0 + TimeSpan.FromMinutes(10), anomaly.ClosedAt);
        Assert.Contains("Closed", anomaly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARepeatedOpenOrCloseChangesNothingAndAResentBatchIsNotStoredTwice()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        var open = Anomaly(TimeSpan.FromSeconds(30), "a1", AnomalyState.Open, since: TimeSpan.FromSeconds(20));
        var close = Anomaly(TimeSpan.FromMinutes(1), "a1", AnomalyState.Closed, since: TimeSpan.FromSeconds(20), observed: 0.1);
        Assert.Equal(IngestStatus.Stored, (await test.CommitAsync(agent, 1, open, close)).Status);
        var before = Assert.Single(await All(test));

        Assert.Equal(IngestStatus.Duplicate, (await test.CommitAsync(agent, 1, open, close)).Status);
        // An agent that restarted and reports the same transitions again, in a new batch.
        Assert.Equal(IngestStatus.Stored, (await test.CommitAsync(agent, 2, open, Anomaly(TimeSpan.FromMinutes(2), "a1", AnomalyState.Closed, since: TimeSpan.FromSeconds(20), observed: 0.15))).Status);

        var after = Assert.Single(await All(test));
        Assert.Equal((before.Since, before.OpenedAt, before.ClosedAt, before.PeakScore, before.Observed, before.Message),
            (after.Since, after.OpenedAt, after.ClosedAt, after.PeakScore, after.Observed, after.Message));
        Assert.Equal(before.Detectors, after.Detectors);
        Assert.Equal(T0 + TimeSpan.FromMinutes(1), after.ClosedAt);
        Assert.Equal(0.1, after.ClosedObserved);
    }

    [Fact]
    public async Task QueriesFilterByHostStateMetricAndTimeWithOpenOnesFirst()
    {
        await using var test = await TestStore.OpenAsync();
        var web = await test.EnrollAsync();
        var db = await test.EnrollAsync("agt_00000000000000000002", "db-1");
        await test.CommitAsync(web, 1,
            Anomaly(TimeSpan.FromMinutes(1), "old", AnomalyState.Open, since: TimeSpan.FromMinutes(1)),
            Anomaly(TimeSpan.FromMinutes(2), "old", AnomalyState.Closed, since: TimeSpan.FromMinutes(1)),
            Anomaly(TimeSpan.FromMinutes(50), "recent", AnomalyState.Open, since: TimeSpan.FromMinutes(50), metric: "system.memory.usage"));
        await test.CommitAsync(db, 1,
            Anomaly(TimeSpan.FromMinutes(30), "db-open", AnomalyState.Open, since: TimeSpan.FromMinutes(30)),
            Anomaly(TimeSpan.FromMinutes(40), "db-closed", AnomalyState.Open, since: TimeSpan.FromMinutes(40)),
            Anomaly(TimeSpan.FromMinutes(45), "db-closed", AnomalyState.Closed, since: TimeSpan.FromMinutes(40)));

        Assert.Equal(["recent", "db-open", "db-closed", "old"], (await All(test)).Select(a => a.Id));
        Assert.Equal(["recent", "old"], (await All(test, new AnomalyQuery { AgentId = web })).Select(a => a.Id));
        Assert.Equal(["recent", "db-open"], (await All(test, new AnomalyQuery { State = AnomalyState.Open })).Select(a => a.Id));
        Assert.Equal(["db-closed", "old"], (await All(test, new AnomalyQuery { State = AnomalyState.Closed })).Select(a => a.Id));
        Assert.Equal(["recent"], (await All(test, new AnomalyQuery { Metric = "system.memory.usage" })).Select(a => a.Id));
        Assert.Equal(["recent"], (await All(test, new AnomalyQuery { Metric = "system.mem*" })).Select(a => a.Id));
        // Since: what was still open at or after it; until: what had started by then. Together: overlapping the window.
        Assert.Equal(["recent", "db-open", "db-closed"], (await All(test, new AnomalyQuery { Since = T0 + TimeSpan.FromMinutes(10) })).Select(a => a.Id));
        Assert.Equal(["db-open", "old"], (await All(test, new AnomalyQuery { Until = T0 + TimeSpan.FromMinutes(35) })).Select(a => a.Id));
        Assert.Equal(["db-open", "db-closed"], (await All(test, new AnomalyQuery { Since = T0 + TimeSpan.FromMinutes(10), Until = T0 + TimeSpan.FromMinutes(45) })).Select(a => a.Id));
        Assert.Equal(["recent"], (await All(test, new AnomalyQuery { Limit = 1 })).Select(a => a.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => All(test, new AnomalyQuery { Limit = 0 }));
    }

    [Fact]
    public async Task RetentionRemovesAnomaliesWhoseNewestRecordIsOlderThanTheEventsRetention()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1,
            Anomaly(TimeSpan.FromDays(1), "closed-long-ago", AnomalyState.Open, since: TimeSpan.FromDays(1)),
            Anomaly(TimeSpan.FromDays(2), "closed-long-ago", AnomalyState.Closed, since: TimeSpan.FromDays(1)),
            Anomaly(TimeSpan.FromDays(9), "recent", AnomalyState.Open, since: TimeSpan.FromDays(9)));

        var report = await test.Store.Metrics.MaintainAsync(T0 + TimeSpan.FromDays(10), new RetentionOptions { Events = TimeSpan.FromDays(5) }, None);

        Assert.Equal(1, report.AnomaliesDeleted);
        Assert.Equal(["recent"], (await All(test)).Select(a => a.Id));
    }

    [Fact]
    public async Task AnomaliesSurviveARestartOfTheStore()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Anomaly(TimeSpan.FromSeconds(30), "a1", AnomalyState.Open, since: TimeSpan.FromSeconds(20)));
        var before = await All(test);

        await test.ReopenAsync();

        Assert.Equal(before, await All(test), new AnomalyComparer());
    }

    private sealed class AnomalyComparer : IEqualityComparer<StoredAnomaly>
    {
        public bool Equals(StoredAnomaly? x, StoredAnomaly? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Since == y.Since && x.Message == y.Message && x.Detectors.SequenceEqual(y.Detectors);

        public int GetHashCode(StoredAnomaly obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}

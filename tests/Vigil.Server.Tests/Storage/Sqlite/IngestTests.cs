using Vigil.Protocol;
using Vigil.Server.Events;
using Vigil.Server.Storage;
using static Vigil.Server.Tests.Storage.Records;
using Record = Vigil.Protocol.Record;

namespace Vigil.Server.Tests.Storage.Sqlite;

public class IngestTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FirstBatchIsStoredAndAdvancesTheAgent()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();

        var result = await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Gauge("load", 1)));

        Assert.Equal(new IngestResult(IngestStatus.Stored, 1, []), result with { Changes = [] });
        Assert.Empty(result.Changes);
        var stored = await test.Store.Agents.GetAsync(agent, None);
        Assert.Equal(1, stored!.LastSequence);
        Assert.Equal(T0 + TimeSpan.FromSeconds(10), stored.LastSeenAt);
        Assert.Equal(10_000, stored.IntervalMs);
    }

    [Fact]
    public async Task DuplicateSequenceIsNotStoredTwice()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Gauge("load", 1)));

        var again = await test.CommitAsync(agent, 1, Samples(TimeSpan.Zero, Gauge("load", 1)));

        Assert.Equal(IngestStatus.Duplicate, again.Status);
        Assert.Equal(1, again.LastSequence);
        Assert.Equal(1, await CountSamplesAsync(test, agent, "load"));
    }

    [Fact]
    public async Task DuplicateSequenceWithinOneGroupIsNotStoredTwice()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        var release = await test.HoldWriterAsync();
        var first = test.Store.Ingest.CommitAsync(Batch(agent, 1, Samples(TimeSpan.Zero, Gauge("load", 1))), None);
        var second = test.Store.Ingest.CommitAsync(Batch(agent, 1, Samples(TimeSpan.Zero, Gauge("load", 1))), None);
        await release();

        Assert.Equal(IngestStatus.Stored, (await first).Status);
        Assert.Equal(IngestStatus.Duplicate, (await second).Status);
        Assert.Equal(1, await CountSamplesAsync(test, agent, "load"));
    }

    [Fact]
    public async Task ConcurrentCommitsOfOneSequenceStoreItOnce()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => test.CommitAsync(agent, 7, Samples(TimeSpan.Zero, Gauge("load", 1))))));

        Assert.Single(results, r => r.Status == IngestStatus.Stored);
        Assert.All(results.Where(r => r.Status != IngestStatus.Stored), r => Assert.Equal(IngestStatus.Duplicate, r.Status));
        Assert.Equal(1, await CountSamplesAsync(test, agent, "load"));
    }

    [Fact]
    public async Task SequenceBelowTheLastThatWasNeverStoredIsOutOfOrder()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 5);

        var late = await test.CommitAsync(agent, 3, Samples(TimeSpan.Zero, Gauge("load", 1)));

        Assert.Equal(IngestResult.Of(IngestStatus.OutOfOrder, 5), late with { Changes = [] });
        Assert.Equal(0, await CountSamplesAsync(test, agent, "load"));
        Assert.Equal(IngestStatus.Stored, (await test.CommitAsync(agent, 6)).Status);
    }

    [Fact]
    public async Task UnknownAgentIsRefused()
    {
        await using var test = await TestStore.OpenAsync();

        var result = await test.CommitAsync("agt_unknown", 1, Samples(TimeSpan.Zero, Gauge("load", 1)));

        Assert.Equal(IngestStatus.Refused, result.Status);
        Assert.Null(await test.Store.Metrics.QueryAsync(Query("agt_unknown", "load"), None));
    }

    [Fact]
    public async Task RevokedAgentIsRefused()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1);
        Assert.True(await test.Store.Agents.RevokeAsync(agent, T0 + TimeSpan.FromMinutes(1), None));

        var result = await test.CommitAsync(agent, 2, Samples(TimeSpan.Zero, Gauge("load", 1)));

        Assert.Equal(IngestResult.Of(IngestStatus.Refused, 1), result with { Changes = [] });
        Assert.Equal(1, (await test.Store.Agents.GetAsync(agent, None))!.LastSequence);
    }

    [Fact]
    public async Task PoisonedBatchInAGroupFailsAloneAndLeavesNothingPartial()
    {
        await using var test = await TestStore.OpenAsync();
        var good = await test.EnrollAsync("agt_00000000000000000001", "good");
        var bad = await test.EnrollAsync("agt_00000000000000000002", "bad");
        var release = await test.HoldWriterAsync();
        var before = test.Store.Ingest.CommitAsync(Batch(good, 1, Samples(TimeSpan.Zero, Gauge("load", 1))), None);
        var poisoned = test.Store.Ingest.CommitAsync(Batch(bad, 1,
            Samples(TimeSpan.Zero, Gauge("load", 1)),
            Inventory(TimeSpan.Zero, "packages", ("curl", "8.0")),
            Health(TimeSpan.Zero, "cpu", HealthStatus.Failed),
            new UnknownRecord { Source = "future" }), None);
        var after = test.Store.Ingest.CommitAsync(Batch(good, 2, Samples(TimeSpan.FromSeconds(10), Gauge("load", 2))), None);
        await release();

        Assert.Equal(IngestStatus.Stored, (await before).Status);
        Assert.Equal(IngestStatus.Stored, (await after).Status);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => poisoned);
        Assert.Contains("UnknownRecord", error.Message, StringComparison.Ordinal);
        Assert.True(test.Log.Logged(101), "the three batches were committed as one group that failed");
        Assert.Equal(2, await CountSamplesAsync(test, good, "load"));
        // Nothing of the poisoned batch: no metrics, no series, no inventory, no health, no sequence.
        Assert.Null(await test.Store.Metrics.QueryAsync(Query(bad, "load"), None));
        Assert.Empty(await test.Store.Hosts.ListInventoryKindsAsync(bad, None));
        Assert.Empty(await test.Store.Hosts.GetHealthAsync(bad, None));
        Assert.Equal(0, (await test.Store.Agents.GetAsync(bad, None))!.LastSequence);
        // The writer is healthy and the sequence free: the batch without the bad record goes in.
        var fixedBatch = await test.CommitAsync(bad, 1, Samples(TimeSpan.Zero, Gauge("load", 5)));
        Assert.Equal(IngestStatus.Stored, fixedBatch.Status);
        Assert.Equal(1, await CountSamplesAsync(test, bad, "load"));
    }

    [Fact]
    public async Task BatchEventsAreStoredWithTheBatchAndOnlyOnce()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        var batch = Batch(agent, 1) with
        {
            Events = [new VigilEvent { Id = "e1", Source = "/agents/" + agent, Type = EventTypes.CollectorFailing, Time = T0, AgentId = agent }],
        };

        await test.Store.Ingest.CommitAsync(batch, None);
        await test.Store.Ingest.CommitAsync(batch, None);

        var page = await test.Store.Events.QueryAsync(new EventQuery { AgentId = agent }, None);
        Assert.Equal("e1", Assert.Single(page.Events).Id);
    }

    [Fact]
    public async Task CommitAfterDisposeFailsClearly()
    {
        var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        var store = test.Store;
        await test.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Ingest.CommitAsync(Batch(agent, 1), None));
    }

    internal static SeriesQuery Query(string agent, string metric) => new()
    {
        AgentId = agent,
        Metric = metric,
        From = T0 - TimeSpan.FromHours(1),
        To = T0 + TimeSpan.FromHours(1),
        Step = TimeSpan.FromSeconds(1),
        Aggregation = Aggregation.Count,
    };

    internal static async Task<double> CountSamplesAsync(TestStore test, string agent, string metric)
    {
        var result = await test.Store.Metrics.QueryAsync(Query(agent, metric), None);
        return result?.Series.SelectMany(s => s.Points).Sum(p => p.Value) ?? 0;
    }

    private sealed record UnknownRecord : Record;
}

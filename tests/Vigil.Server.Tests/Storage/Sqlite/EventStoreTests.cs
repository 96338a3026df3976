using Vigil.Server.Events;
using Vigil.Server.Storage;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Storage.Sqlite;

public class EventStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task EventsAreIdempotentById()
    {
        await using var test = await TestStore.OpenAsync();

        var first = await test.Store.Events.AppendAsync([Event("a", EventTypes.HostSilent, 0), Event("b", EventTypes.HostSilent, 1)], None);
        var again = await test.Store.Events.AppendAsync([Event("b", EventTypes.HostReturned, 2), Event("c", EventTypes.HostSilent, 3)], None);

        Assert.Equal((2, 1), (first, again));
        Assert.Equal(EventTypes.HostSilent, (await test.Store.Events.GetAsync("b", None))!.Type);
        Assert.Null(await test.Store.Events.GetAsync("missing", None));
    }

    [Fact]
    public async Task EventRoundTripsEveryAttribute()
    {
        await using var test = await TestStore.OpenAsync();
        using var data = System.Text.Json.JsonDocument.Parse("""{"path":"/etc/passwd","n":[1,2.5,null]}""");
        var e = new VigilEvent
        {
            Id = "x",
            Source = "/agents/agt_1",
            Type = EventTypes.FileDrifted,
            Subject = "agt_1/etc/passwd",
            Time = T0 + TimeSpan.FromMilliseconds(123),
            CorrelationId = "agt_1:4",
            CausationId = "agt_1:4",
            AgentId = "agt_1",
            Data = data.RootElement.Clone(),
        };
        await test.Store.Events.AppendAsync([e], None);

        var stored = await test.Store.Events.GetAsync("x", None);

        Assert.Equal(e with { Data = null }, stored! with { Data = null });
        Assert.Equal("""{"path":"/etc/passwd","n":[1,2.5,null]}""", stored.Data!.Value.GetRawText());
    }

    [Fact]
    public async Task QueryFiltersByTypeAgentCorrelationAndTime()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.Events.AppendAsync(
        [
            Event("1", EventTypes.HostSilent, 0, agent: "a"),
            Event("2", EventTypes.HostReturned, 1, agent: "a", correlation: "k"),
            Event("3", EventTypes.InventoryChanged, 2, agent: "b", correlation: "k"),
            Event("4", EventTypes.HostEnrolled, 3, agent: "b"),
            Event("5", "dev.vigil.hostile.thing", 4, agent: "b"),
        ], None);

        async Task<string[]> Ids(EventQuery query) => [.. (await test.Store.Events.QueryAsync(query, None)).Events.Select(e => e.Id)];

        Assert.Equal(["5", "4", "3", "2", "1"], await Ids(new EventQuery()));
        Assert.Equal(["2"], await Ids(new EventQuery { Type = EventTypes.HostReturned }));
        Assert.Equal(["4", "2", "1"], await Ids(new EventQuery { Type = "dev.vigil.host.*" }));
        Assert.Equal(["5", "4", "3", "2", "1"], await Ids(new EventQuery { Type = "*" }));
        Assert.Equal(["4", "3"], await Ids(new EventQuery { AgentId = "b", Type = "dev.vigil.*", Until = T0 + TimeSpan.FromMinutes(3) }));
        Assert.Equal(["3", "2"], await Ids(new EventQuery { CorrelationId = "k" }));
        Assert.Equal(["3", "2"], await Ids(new EventQuery { Since = T0 + TimeSpan.FromMinutes(1), Until = T0 + TimeSpan.FromMinutes(2) }));
        Assert.Empty(await Ids(new EventQuery { Type = "dev.vigil.nothing" }));
    }

    [Fact]
    public async Task PagesFollowTheCursorUntilTheEnd()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.Events.AppendAsync([.. Enumerable.Range(0, 7).Select(i => Event($"e{i}", EventTypes.HostSilent, i))], None);

        var seen = new List<string>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await test.Store.Events.QueryAsync(new EventQuery { Limit = 3, Before = cursor }, None);
            seen.AddRange(page.Events.Select(e => e.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["e6", "e5", "e4", "e3", "e2", "e1", "e0"], seen);
    }

    [Fact]
    public async Task ExactlyFullLastPageHasNoCursor()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.Events.AppendAsync([.. Enumerable.Range(0, 3).Select(i => Event($"e{i}", EventTypes.HostSilent, i))], None);

        var page = await test.Store.Events.QueryAsync(new EventQuery { Limit = 3 }, None);

        Assert.Equal(3, page.Events.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task RetentionDeletesOldEventsAndHistory()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.Store.Events.AppendAsync([Event("old", EventTypes.HostSilent, 0), Event("new", EventTypes.HostSilent, 60 * 24 * 3)], None);
        await test.CommitAsync(agent, 1, Inventory(TimeSpan.Zero, "users", ("root", "0")));
        await test.CommitAsync(agent, 2, Inventory(TimeSpan.FromMinutes(1), "users", ("root", "1")));

        var report = await test.Store.Metrics.MaintainAsync(T0 + TimeSpan.FromDays(2), new RetentionOptions { Events = TimeSpan.FromDays(1) }, None);

        // "old" and the inventory.changed event of batch 2 are past a day old.
        Assert.Equal(2, report.EventsDeleted);
        Assert.Equal(["new"], (await test.Store.Events.QueryAsync(new EventQuery(), None)).Events.Select(e => e.Id));
        Assert.Empty(await test.Store.Hosts.GetHistoryAsync(agent, null, null, 10, None));
        Assert.NotNull(await test.Store.Hosts.GetInventoryAsync(agent, "users", None));
    }

    [Fact]
    public async Task LimitOutOfRangeIsRefused()
    {
        await using var test = await TestStore.OpenAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => test.Store.Events.QueryAsync(new EventQuery { Limit = 0 }, None));
    }

    private static VigilEvent Event(string id, string type, int minute, string? agent = null, string? correlation = null) => new()
    {
        Id = id,
        Source = "/server",
        Type = type,
        Time = T0 + TimeSpan.FromMinutes(minute),
        AgentId = agent,
        CorrelationId = correlation,
    };
}

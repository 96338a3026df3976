using Vigil.Protocol;
using Vigil.Server.Events;
using Vigil.Server.Storage;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Storage.Sqlite;

public class HostStateTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task InventorySnapshotsBuildAHistoryOfChanges()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        var first = await test.CommitAsync(agent, 1, Inventory(TimeSpan.Zero, "packages", ("bash", "5.2"), ("curl", "7.88"), ("vim", "9.0")));
        var second = await test.CommitAsync(agent, 2, Inventory(TimeSpan.FromMinutes(5), "packages", ("bash", "5.2"), ("curl", "8.0"), ("zsh", "5.9")));

        // The first snapshot is the baseline: no history, no event.
        Assert.Empty(first.Changes);
        var history = await test.Store.Hosts.GetHistoryAsync(agent, "packages", since: null, limit: 100, None);
        Assert.Equal(
            [("curl", "changed"), ("vim", "removed"), ("zsh", "added")],
            history.Select(c => (c.Key, c.Change)).OrderBy(c => c.Key));
        Assert.All(history, c => Assert.Equal(T0 + TimeSpan.FromMinutes(5), c.ObservedAt));
        var curl = history.Single(c => c.Key == "curl");
        Assert.Equal("7.88", curl.Before!["version"]);
        Assert.Equal("8.0", curl.After!["version"]);

        var snapshot = await test.Store.Hosts.GetInventoryAsync(agent, "packages", None);
        Assert.Equal(["bash", "curl", "zsh"], snapshot!.Items.Select(i => i.Key));
        Assert.Equal(["packages"], await test.Store.Hosts.ListInventoryKindsAsync(agent, None));

        var changed = Assert.Single(second.Changes);
        Assert.Equal(EventTypes.InventoryChanged, changed.Type);
        Assert.Equal($"{agent}:2:inventory:packages", changed.Id);
        var data = changed.Data!.Value;
        Assert.Equal("packages", data.GetProperty("kind").GetString());
        Assert.Equal(1, data.GetProperty("added").GetProperty("count").GetInt32());
        Assert.Equal(["zsh"], data.GetProperty("added").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(1, data.GetProperty("removed").GetProperty("count").GetInt32());
        Assert.Equal(1, data.GetProperty("changed").GetProperty("count").GetInt32());
        var stored = await test.Store.Events.GetAsync(changed.Id, None);
        Assert.Equal(data.GetRawText(), stored!.Data!.Value.GetRawText());
    }

    [Fact]
    public async Task UnchangedSnapshotAddsNoHistory()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Inventory(TimeSpan.Zero, "users", ("root", "0")));

        var again = await test.CommitAsync(agent, 2, Inventory(TimeSpan.FromHours(1), "users", ("root", "0")));

        Assert.Empty(again.Changes);
        Assert.Empty(await test.Store.Hosts.GetHistoryAsync(agent, null, null, 100, None));
        Assert.Equal(T0 + TimeSpan.FromHours(1), (await test.Store.Hosts.GetInventoryAsync(agent, "users", None))!.ObservedAt);
    }

    [Fact]
    public async Task TopProcessesKeepOnlyTheLatestSnapshot()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Inventory(TimeSpan.Zero, "top_processes", ("101", "a"), ("102", "b")));

        var next = await test.CommitAsync(agent, 2, Inventory(TimeSpan.FromSeconds(10), "top_processes", ("101", "c"), ("103", "d")));

        Assert.Empty(next.Changes);
        Assert.Empty(await test.Store.Hosts.GetHistoryAsync(agent, null, null, 100, None));
        Assert.Equal(["101", "103"], (await test.Store.Hosts.GetInventoryAsync(agent, "top_processes", None))!.Items.Select(i => i.Key));
    }

    [Fact]
    public async Task ManyChangesListTwentyKeysButCountAll()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Inventory(TimeSpan.Zero, "packages", ("base", "1")));

        var result = await test.CommitAsync(agent, 2, Inventory(TimeSpan.FromMinutes(5), "packages",
            [("base", "1"), .. Enumerable.Range(0, 30).Select(i => ($"pkg{i:D2}", "1"))]));

        var added = result.Changes.Single().Data!.Value.GetProperty("added");
        Assert.Equal(30, added.GetProperty("count").GetInt32());
        Assert.Equal(20, added.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task IdentityChangesAreHistoryOfKindIdentity()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Identity(TimeSpan.Zero, kernel: "6.1.0"));
        await test.CommitAsync(agent, 2, Inventory(TimeSpan.FromMinutes(1), "packages", ("a", "1")));
        await test.CommitAsync(agent, 3, Inventory(TimeSpan.FromMinutes(2), "packages", ("a", "2")));

        var result = await test.CommitAsync(agent, 4, Identity(TimeSpan.FromMinutes(3), hostname: "web-1b", kernel: "6.1.1"));

        var identity = await test.Store.Hosts.GetIdentityAsync(agent, None);
        Assert.Equal("6.1.1", identity!.KernelRelease);
        Assert.Equal("web-1b", identity.Hostname);
        var history = await test.Store.Hosts.GetHistoryAsync(agent, "identity", null, 100, None);
        Assert.Equal([("hostname", "web-1", "web-1b"), ("kernel", "6.1.0", "6.1.1")],
            history.Select(c => (c.Key, c.Before!["value"], c.After!["value"])).OrderBy(c => c.Key));
        Assert.Equal($"{agent}:4:inventory:identity", Assert.Single(result.Changes).Id);
        // Every kind, newest first.
        var all = await test.Store.Hosts.GetHistoryAsync(agent, null, null, 100, None);
        Assert.Equal(["identity", "identity", "packages"], all.Select(c => c.Kind));
        Assert.Equal(2, (await test.Store.Hosts.GetHistoryAsync(agent, null, null, 2, None)).Count);
        var since = await test.Store.Hosts.GetHistoryAsync(agent, null, T0 + TimeSpan.FromMinutes(3), 100, None);
        Assert.Equal(["identity", "identity"], since.Select(c => c.Kind));
        // The renamed host is found by its new name.
        Assert.Equal(agent, (await test.Store.Agents.FindAsync("web-1b", None))!.Id);
    }

    [Fact]
    public async Task HealthKeepsTheLatestPerSource()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.CommitAsync(agent, 1, Health(TimeSpan.Zero, "cpu", HealthStatus.Ok), Health(TimeSpan.Zero, "disk", HealthStatus.Degraded, "permission_denied"));
        await test.CommitAsync(agent, 2, Health(TimeSpan.FromMinutes(1), "disk", HealthStatus.Failed, "io_error"));
        await test.CommitAsync(agent, 3, Health(TimeSpan.FromMinutes(2), "disk", HealthStatus.Failed, "io_error_again"));

        var health = await test.Store.Hosts.GetHealthAsync(agent, None);

        Assert.Equal(
            [
                new ComponentHealth("cpu", HealthStatus.Ok, "test", "test message", T0),
                new ComponentHealth("disk", HealthStatus.Failed, "io_error_again", "io_error_again message", T0 + TimeSpan.FromMinutes(1)),
            ],
            health);
    }

    [Fact]
    public async Task DriftIsStoredNewestFirst()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        var before = new FileFingerprint { Size = 10, Mode = "0644", Hash = "sha256:aa", MtimeUnixMs = 1 };
        var after = before with { Size = 12, Hash = "sha256:bb" };
        await test.CommitAsync(agent, 1, new DriftRecord { Source = "watched_files", TimestampUnixMs = Ms(TimeSpan.Zero), Path = "/etc/passwd", Change = DriftChange.Created, After = before });
        await test.CommitAsync(agent, 2, new DriftRecord { Source = "watched_files", TimestampUnixMs = Ms(TimeSpan.FromMinutes(1)), Path = "/etc/passwd", Change = DriftChange.Modified, Before = before, After = after });

        var drift = await test.Store.Hosts.GetDriftAsync(agent, since: null, limit: 10, None);

        Assert.Equal(
            [
                new StoredDrift("/etc/passwd", DriftChange.Modified, before, after, T0 + TimeSpan.FromMinutes(1)),
                new StoredDrift("/etc/passwd", DriftChange.Created, null, before, T0),
            ],
            drift);
        Assert.Single(await test.Store.Hosts.GetDriftAsync(agent, T0 + TimeSpan.FromSeconds(1), 10, None));
    }

    [Fact]
    public async Task HostWithoutStateHasNone()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();

        Assert.Null(await test.Store.Hosts.GetIdentityAsync(agent, None));
        Assert.Null(await test.Store.Hosts.GetInventoryAsync(agent, "packages", None));
        Assert.Empty(await test.Store.Hosts.GetHealthAsync(agent, None));
        Assert.Empty(await test.Store.Hosts.GetDriftAsync(agent, null, 10, None));
    }
}

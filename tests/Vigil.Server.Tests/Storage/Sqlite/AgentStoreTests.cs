using Vigil.Server.Events;
using Vigil.Server.Storage;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Storage.Sqlite;

public class AgentStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task EnrollmentTokenIsSingleUseUnderConcurrency()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.Tokens.CreateEnrollmentTokenAsync(TestStore.Token("tok", T0 + TimeSpan.FromHours(1)), None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            test.Store.Agents.EnrollAsync("tok", TestStore.Agent($"agt_{i:D20}"), T0, None))));

        Assert.Single(outcomes, o => o == EnrollOutcome.Enrolled);
        Assert.Equal(11, outcomes.Count(o => o == EnrollOutcome.TokenAlreadyUsed));
        var agents = await test.Store.Agents.ListAsync(None);
        var token = await test.Store.Tokens.FindEnrollmentTokenAsync("tok", None);
        Assert.Equal(Assert.Single(agents).Id, token!.UsedByAgentId);
        Assert.Equal(T0, token.UsedAt);
    }

    [Fact]
    public async Task ExpiredAndUnknownTokensAreToldApart()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.Tokens.CreateEnrollmentTokenAsync(TestStore.Token("tok", T0 + TimeSpan.FromHours(1)), None);

        var expired = await test.Store.Agents.EnrollAsync("tok", TestStore.Agent("agt_1"), T0 + TimeSpan.FromHours(1), None);
        var unknown = await test.Store.Agents.EnrollAsync("nope", TestStore.Agent("agt_2"), T0, None);

        Assert.Equal((EnrollOutcome.TokenExpired, EnrollOutcome.TokenUnknown), (expired, unknown));
        Assert.Empty(await test.Store.Agents.ListAsync(None));
        Assert.Null((await test.Store.Tokens.FindEnrollmentTokenAsync("tok", None))!.UsedAt);
    }

    [Fact]
    public async Task EnrollingAnExistingAgentIdFailsAndLeavesTheTokenUnused()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();
        await test.Store.Tokens.CreateEnrollmentTokenAsync(TestStore.Token("tok2", T0 + TimeSpan.FromHours(1)), None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => test.Store.Agents.EnrollAsync("tok2", TestStore.Agent(agent), T0, None));

        Assert.Contains(agent, error.Message, StringComparison.Ordinal);
        Assert.Null((await test.Store.Tokens.FindEnrollmentTokenAsync("tok2", None))!.UsedAt);
    }

    [Fact]
    public async Task EnrolledAgentKeepsWhatItWasGiven()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();

        var stored = await test.Store.Agents.GetAsync(agent, None);

        Assert.Equal(TestStore.Agent(agent) with { Labels = stored!.Labels }, stored);
        Assert.Equal("test", stored.Labels["env"]);
    }

    [Fact]
    public async Task RevokeOnlyOnce()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();

        var first = await test.Store.Agents.RevokeAsync(agent, T0 + TimeSpan.FromHours(1), None);
        var second = await test.Store.Agents.RevokeAsync(agent, T0 + TimeSpan.FromHours(2), None);
        var unknown = await test.Store.Agents.RevokeAsync("agt_unknown", T0, None);

        Assert.Equal((true, false, false), (first, second, unknown));
        Assert.Equal(T0 + TimeSpan.FromHours(1), (await test.Store.Agents.GetAsync(agent, None))!.RevokedAt);
    }

    [Fact]
    public async Task CertificateUpdateIsKept()
    {
        await using var test = await TestStore.OpenAsync();
        var agent = await test.EnrollAsync();

        await test.Store.Agents.UpdateCertificateAsync(agent, "0a", T0 + TimeSpan.FromDays(60), None);

        var stored = await test.Store.Agents.GetAsync(agent, None);
        Assert.Equal(("0a", T0 + TimeSpan.FromDays(60)), (stored!.CertificateSerial, stored.CertificateNotAfter));
        await Assert.ThrowsAsync<InvalidOperationException>(() => test.Store.Agents.UpdateCertificateAsync("agt_unknown", "0b", T0, None));
    }

    [Fact]
    public async Task FindResolvesIdOrTheMostRecentlySeenHostname()
    {
        await using var test = await TestStore.OpenAsync();
        var old = await test.EnrollAsync("agt_00000000000000000001", "db");
        var current = await test.EnrollAsync("agt_00000000000000000002", "db");
        await test.CommitAsync(old, 1);
        await test.CommitAsync(current, 5);

        Assert.Equal(current, (await test.Store.Agents.FindAsync("db", None))!.Id);
        Assert.Equal(old, (await test.Store.Agents.FindAsync(old, None))!.Id);
        Assert.Null(await test.Store.Agents.FindAsync("web", None));
    }

    [Fact]
    public async Task SilentHostsAreMarkedOnceAndReturnWithAnEvent()
    {
        await using var test = await TestStore.OpenAsync();
        var seen = await test.EnrollAsync("agt_00000000000000000001", "seen");
        var never = await test.EnrollAsync("agt_00000000000000000002", "never");
        var revoked = await test.EnrollAsync("agt_00000000000000000003", "revoked");
        await test.Store.Agents.RevokeAsync(revoked, T0, None);
        await test.CommitAsync(seen, 1); // received at T0 + 10 s, interval 10 s

        var early = await test.Store.Agents.MarkSilentAsync(T0 + TimeSpan.FromSeconds(25), 3, None);
        var neverSilent = await test.Store.Agents.MarkSilentAsync(T0 + TimeSpan.FromSeconds(31), 3, None);
        var bothSilent = await test.Store.Agents.MarkSilentAsync(T0 + TimeSpan.FromSeconds(41), 3, None);
        var again = await test.Store.Agents.MarkSilentAsync(T0 + TimeSpan.FromMinutes(10), 3, None);

        Assert.Empty(early);
        Assert.Equal([never], neverSilent.Select(a => a.Id));
        Assert.Equal([seen], bothSilent.Select(a => a.Id));
        Assert.True(bothSilent[0].Silent);
        Assert.Empty(again);

        var back = await test.CommitAsync(seen, 2);

        var returned = Assert.Single(back.Changes);
        Assert.Equal(EventTypes.HostReturned, returned.Type);
        Assert.Equal($"{seen}:2:returned", returned.Id);
        Assert.Equal(Ms(TimeSpan.FromSeconds(10)), returned.Data!.Value.GetProperty("last_seen").GetInt64());
        Assert.NotNull(await test.Store.Events.GetAsync(returned.Id, None));
        Assert.False((await test.Store.Agents.GetAsync(seen, None))!.Silent);
        Assert.Empty((await test.CommitAsync(seen, 3)).Changes);
    }
}

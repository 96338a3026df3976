using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Server.Actions;
using Vigil.Server.Compliance;
using Vigil.Server.Events;
using static Vigil.Server.Tests.Compliance.ComplianceFixture;

namespace Vigil.Server.Tests.Compliance;

/// <summary>Exceptions change effective status at read time, are counted apart in scores, stop applying when they expire, and are audited.</summary>
public sealed class ComplianceExceptionTests
{
    private static async Task<JsonNode> Json(Task<object> view) => JsonSerializer.SerializeToNode(await view, EventDataJson.Options)!;

    private static ExceptionRequest Waiver(string check, string select, string kind, DateTimeOffset expires) =>
        new() { Check = check, Select = select, Kind = kind, Owner = "db-team", Reason = "legacy mount layout until the migration", Expires = expires.ToString("O") };

    [Fact]
    public async Task An_exception_moves_a_failure_out_of_the_score_counts_it_apart_and_stops_applying_when_it_expires()
    {
        await using var f = await OpenAsync();
        var db = await f.Test.EnrollAsync("agt_00000000000000000001", "db-1");
        var web = await f.Test.EnrollAsync("agt_00000000000000000002", "web-1");
        foreach (var agent in new[] { db, web })
        {
            await f.IngestAsync(agent, Run("r-" + agent, TimeSpan.FromMinutes(10), Result("ssh-root", "pass"), Result("tmp", "fail", "noexec missing"), Result("audit", "error", "timeout")));
        }
        var before = await Json(f.Views.SummaryAsync(null, default));
        Assert.Equal(2.0 / 6, before["fleet"]!["score"]!.GetValue<double>(), 3);

        var now = f.Test.Time.GetUtcNow();
        var created = await f.Exceptions.CreateAsync(Admin, Waiver("tmp", "hostname=db-1", "exception", now + TimeSpan.FromDays(7)), default);
        await f.Exceptions.CreateAsync(Admin, Waiver("audit", "*", "false_positive", now + TimeSpan.FromDays(7)), default);

        var summary = await Json(f.Views.SummaryAsync(null, default));
        var fleet = summary["fleet"]!;
        Assert.Equal(1, fleet["excepted"]!.GetValue<long>());
        Assert.Equal(2, fleet["false_positive"]!.GetValue<long>());
        Assert.Equal(1, fleet["fail"]!.GetValue<long>());
        Assert.Equal(2.0 / 3, fleet["score"]!.GetValue<double>(), 3);

        var host = await Json(f.Views.HostAsync((await f.Store.Agents.FindAsync("db-1", default))!, default));
        var tmp = host["policies"]![0]!["results"]!.AsArray().Single(r => r!["check"]!.GetValue<string>() == "tmp")!;
        Assert.Equal("fail", tmp["status"]!.GetValue<string>());
        Assert.Equal("excepted", tmp["effective"]!.GetValue<string>());
        Assert.Equal(created.Id, tmp["exception"]!["id"]!.GetValue<string>());
        Assert.False(tmp["exception"]!["expired"]!.GetValue<bool>());

        var failing = await Json(f.Views.FailingAsync(null, null, default));
        var check = Assert.Single(failing["checks"]!.AsArray())!;
        Assert.Equal("tmp", check["check"]!.GetValue<string>());
        Assert.Equal("web-1", check["hosts"]![0]!["hostname"]!.GetValue<string>());

        f.Test.Time.Advance(TimeSpan.FromDays(8));
        var expired = await Json(f.Views.HostAsync((await f.Store.Agents.FindAsync("db-1", default))!, default));
        var after = expired["policies"]![0]!["results"]!.AsArray().Single(r => r!["check"]!.GetValue<string>() == "tmp")!;
        Assert.Equal("fail", after["effective"]!.GetValue<string>());
        Assert.True(after["exception"]!["expired"]!.GetValue<bool>());
        var listed = JsonSerializer.SerializeToNode(await f.Exceptions.ListAsync(false, default), EventDataJson.Options)!.AsArray();
        Assert.All(listed, e => Assert.Equal("expired", e!["state"]!.GetValue<string>()));
        Assert.Equal(1, listed.Single(e => e!["id"]!.GetValue<string>() == created.Id)!["matching_hosts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Only_admins_create_and_revoke_exceptions_bad_fields_are_named_and_every_change_is_audited()
    {
        await using var f = await OpenAsync();
        var now = f.Test.Time.GetUtcNow();
        var denied = await Assert.ThrowsAsync<ActionProblemException>(() => f.Exceptions.CreateAsync(Operator, Waiver("tmp", "*", "exception", now.AddDays(1)), default));
        Assert.Equal(403, denied.Status);

        var noOwner = await Assert.ThrowsAsync<ActionProblemException>(() => f.Exceptions.CreateAsync(Admin, Waiver("tmp", "*", "exception", now.AddDays(1)) with { Owner = " " }, default));
        Assert.Equal("owner: required", noOwner.Message);
        var past = await Assert.ThrowsAsync<ActionProblemException>(() => f.Exceptions.CreateAsync(Admin, Waiver("tmp", "*", "exception", now.AddDays(-1)), default));
        Assert.StartsWith("expires: must be in the future", past.Message, StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<ActionProblemException>(() => f.Exceptions.CreateAsync(Admin, Waiver("tmp", "*", "exception", now.AddDays(400)), default));
        Assert.StartsWith("expires:", tooLong.Message, StringComparison.Ordinal);
        var kind = await Assert.ThrowsAsync<ActionProblemException>(() => f.Exceptions.CreateAsync(Admin, Waiver("tmp", "*", "waiver", now.AddDays(1)), default));
        Assert.StartsWith("kind:", kind.Message, StringComparison.Ordinal);
        var select = await Assert.ThrowsAsync<ActionProblemException>(() => f.Exceptions.CreateAsync(Admin, Waiver("tmp", "role", "exception", now.AddDays(1)), default));
        Assert.StartsWith("select:", select.Message, StringComparison.Ordinal);

        var created = await f.Exceptions.CreateAsync(Admin, Waiver("tmp", "role=db", "exception", now.AddDays(1)), default);
        await Assert.ThrowsAsync<ActionProblemException>(() => f.Exceptions.RevokeAsync(Operator, created.Id, default));
        var revoked = await f.Exceptions.RevokeAsync(Admin, created.Id, default);
        Assert.Equal("revoked", revoked.StateAt(f.Test.Time.GetUtcNow()));
        Assert.Empty(await f.Exceptions.ListAsync(false, default));
        Assert.Single(await f.Exceptions.ListAsync(true, default));
        Assert.Equal(["compliance.exception.created", "compliance.exception.revoked"], f.Audit.Read(0, 100, created.Id).Select(e => e.Kind));
    }
}

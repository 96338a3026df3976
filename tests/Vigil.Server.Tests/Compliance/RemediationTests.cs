using System.Text.Json;
using Vigil.Protocol;
using Vigil.Protocol.Actions;
using Vigil.Server.Actions;
using Vigil.Server.Compliance;
using static Vigil.Server.Tests.Compliance.ComplianceFixture;

namespace Vigil.Server.Tests.Compliance;

/// <summary>
/// Remediation end to end against a simulated agent on the action channel: dry run first, the real action through
/// approval, then re-evaluation; an operator cannot approve; rejected and failed flows; and the dry-run rule of actions.
/// </summary>
public sealed class RemediationTests
{
    private static readonly ComplianceRemediation SetRootLogin = new()
    {
        Action = ActionNames.SetConfigKey,
        Parameters = new Dictionary<string, string> { ["path"] = "/etc/ssh/sshd_config", ["key"] = "PermitRootLogin", ["value"] = "no", ["format"] = "sshd" },
    };

    private static async Task<(ComplianceFixture F, string Agent)> FailingHostAsync(ComplianceRemediation action)
    {
        var f = await OpenAsync();
        var agent = await f.Test.EnrollAsync();
        await f.IngestAsync(agent, Run("r1", TimeSpan.FromMinutes(5), Result("ssh-root", "fail", "PermitRootLogin yes", action)));
        return (f, agent);
    }

    private static (ActionOutcome, object?) Host(ActionPayload p, string verifyStatus = "pass") => p.Action switch
    {
        ActionNames.SetConfigKey when p.Parameters["dry_run"] == "true" =>
            (ActionOutcome.Succeeded, new { path = p.Parameters["path"], diff = "-PermitRootLogin yes\n+PermitRootLogin no\n", changed = false, dry_run = true, rolled_back = false }),
        ActionNames.SetConfigKey => (ActionOutcome.Succeeded, new { path = p.Parameters["path"], diff = "-PermitRootLogin yes\n+PermitRootLogin no\n", changed = true, dry_run = false, rolled_back = false }),
        ActionNames.RunPolicy => (ActionOutcome.Succeeded, new { policy = p.Parameters["policy"], content_hash = Hash, results = new[] { new { check = p.Parameters["check"], status = verifyStatus, observed = "PermitRootLogin no" } } }),
        _ => (ActionOutcome.Failed, null),
    };

    [Fact]
    public async Task A_remediation_shows_its_dry_run_waits_for_an_admin_runs_and_verifies_the_check()
    {
        var (f, agent) = await FailingHostAsync(SetRootLogin);
        await using var _ = f;
        var created = await f.Remediations.CreateAsync(Operator, new RemediationRequest { Host = "web-1", Policy = Policy, Check = "ssh-root" }, default);
        Assert.Equal(RemediationStates.DryRun, created.State);

        var dry = Assert.Single(f.Answer(agent, p => Host(p)));
        Assert.Equal("true", dry.Parameters["dry_run"]);
        await f.Remediations.AdvanceAsync(default);
        var waiting = (await f.Store.Compliance.RemediationAsync(created.Id, default))!;
        Assert.Equal(RemediationStates.AwaitingApproval, waiting.State);
        Assert.Contains("+PermitRootLogin no", JsonDocument.Parse(waiting.DryRun!).RootElement.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Empty(f.Answer(agent, p => Host(p))); // nothing reaches the host before approval

        var operatorApproves = Assert.Throws<ActionProblemException>(() => f.Actions.Approve(Operator, waiting.ActionId!));
        Assert.Equal(403, operatorApproves.Status);
        f.Actions.Approve(Admin, waiting.ActionId!);
        await f.Remediations.AdvanceAsync(default);
        var real = Assert.Single(f.Answer(agent, p => Host(p)));
        Assert.Equal("false", real.Parameters["dry_run"]);
        Assert.Equal("alice", real.ApprovedBy);
        await f.Remediations.AdvanceAsync(default);
        Assert.Equal(RemediationStates.Verifying, (await f.Store.Compliance.RemediationAsync(created.Id, default))!.State);

        var verify = Assert.Single(f.Answer(agent, p => Host(p)));
        Assert.Equal(ActionNames.RunPolicy, verify.Action);
        Assert.Equal("ssh-root", verify.Parameters["check"]);
        await f.Remediations.AdvanceAsync(default);
        var done = (await f.Store.Compliance.RemediationAsync(created.Id, default))!;
        Assert.Equal(RemediationStates.Succeeded, done.State);
        Assert.Equal("pass", JsonDocument.Parse(done.Verify!).RootElement.GetProperty("status").GetString());

        var steps = f.Audit.Read(0, 100, created.Id).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("step").GetString()).ToList();
        Assert.Equal(["created", "awaiting_approval", "running", "verifying", "succeeded"], steps);
    }

    [Fact]
    public async Task A_rejected_remediation_never_reaches_the_host_and_a_check_still_failing_after_it_is_a_failure()
    {
        var (f, agent) = await FailingHostAsync(SetRootLogin);
        await using var _ = f;
        var rejected = await f.Remediations.CreateAsync(Operator, new RemediationRequest { Host = agent, Policy = Policy, Check = "ssh-root" }, default);
        f.Answer(agent, p => Host(p));
        await f.Remediations.AdvanceAsync(default);
        var waiting = (await f.Store.Compliance.RemediationAsync(rejected.Id, default))!;
        f.Actions.Reject(Admin, waiting.ActionId!, "not during the freeze");
        await f.Remediations.AdvanceAsync(default);
        var state = (await f.Store.Compliance.RemediationAsync(rejected.Id, default))!;
        Assert.Equal(RemediationStates.Rejected, state.State);
        Assert.Contains("freeze", state.Error, StringComparison.Ordinal);
        Assert.Empty(f.Answer(agent, p => Host(p)));

        var again = await f.Remediations.CreateAsync(Operator, new RemediationRequest { Host = agent, Policy = Policy, Check = "ssh-root" }, default);
        var open = await Assert.ThrowsAsync<ActionProblemException>(() => f.Remediations.CreateAsync(Operator, new RemediationRequest { Host = agent, Policy = Policy, Check = "ssh-root" }, default));
        Assert.Equal("remediation_open", open.Code);
        f.Answer(agent, p => Host(p));
        await f.Remediations.AdvanceAsync(default);
        f.Actions.Approve(Admin, (await f.Store.Compliance.RemediationAsync(again.Id, default))!.ActionId!);
        await f.Remediations.AdvanceAsync(default);
        f.Answer(agent, p => Host(p));
        await f.Remediations.AdvanceAsync(default);
        f.Answer(agent, p => Host(p, verifyStatus: "fail"));
        await f.Remediations.AdvanceAsync(default);
        var failed = (await f.Store.Compliance.RemediationAsync(again.Id, default))!;
        Assert.Equal(RemediationStates.Failed, failed.State);
        Assert.Contains("still fail", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_automatic_remediation_runs_without_approval_a_failed_dry_run_stops_it_and_viewers_cannot_remediate()
    {
        var (f, agent) = await FailingHostAsync(SetRootLogin with { Automatic = true });
        await using var _ = f;
        await Assert.ThrowsAsync<ActionProblemException>(() => f.Remediations.CreateAsync(Viewer, new RemediationRequest { Host = agent, Policy = Policy, Check = "ssh-root" }, default));
        var automatic = await f.Remediations.CreateAsync(Operator, new RemediationRequest { Host = agent, Policy = Policy, Check = "ssh-root" }, default);
        f.Answer(agent, p => Host(p));
        await f.Remediations.AdvanceAsync(default);
        Assert.Equal(RemediationStates.Running, (await f.Store.Compliance.RemediationAsync(automatic.Id, default))!.State);
        var real = Assert.Single(f.Answer(agent, p => Host(p)));
        Assert.Equal("false", real.Parameters["dry_run"]);
        var requested = f.Audit.Read(0, 100, real.ActionId)[0];
        Assert.True(JsonDocument.Parse(requested.Data).RootElement.GetProperty("automatic").GetBoolean());

        var (g, other) = await FailingHostAsync(SetRootLogin);
        await using var __ = g;
        var refused = await g.Remediations.CreateAsync(Operator, new RemediationRequest { Host = other, Policy = Policy, Check = "ssh-root" }, default);
        g.Answer(other, _ => (ActionOutcome.Refused, null));
        await g.Remediations.AdvanceAsync(default);
        var state = (await g.Store.Compliance.RemediationAsync(refused.Id, default))!;
        Assert.Equal(RemediationStates.Failed, state.State);
        Assert.Contains("dry run refused", state.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_privileged_dry_run_needs_no_admin_or_approval_while_the_real_action_still_needs_both()
    {
        var (f, agent) = await FailingHostAsync(SetRootLogin);
        await using var _ = f;
        var parameters = SetRootLogin.Parameters.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));
        parameters["dry_run"] = JsonSerializer.SerializeToElement(true);
        var dry = await f.Actions.RequestAsync(Operator, new ActionRequestBody { Action = ActionNames.SetConfigKey, Host = agent, Parameters = parameters }, default);
        Assert.Equal(ActionStates.Running, dry.State);
        var entry = JsonDocument.Parse(f.Audit.Read(0, 100, dry.Id)[0].Data).RootElement;
        Assert.True(entry.GetProperty("treated_as_read_only").GetBoolean());
        Assert.False(entry.GetProperty("needs_approval").GetBoolean());

        parameters["dry_run"] = JsonSerializer.SerializeToElement(false);
        var denied = await Assert.ThrowsAsync<ActionProblemException>(() => f.Actions.RequestAsync(Operator, new ActionRequestBody { Action = ActionNames.SetConfigKey, Host = agent, Parameters = parameters }, default));
        Assert.Equal("privileged_action", denied.Code);
        var real = await f.Actions.RequestAsync(Admin, new ActionRequestBody { Action = ActionNames.SetConfigKey, Host = agent, Parameters = parameters }, default);
        Assert.Equal(ActionStates.PendingApproval, real.State);
        Assert.Equal("self_approval", Assert.Throws<ActionProblemException>(() => f.Actions.Approve(Admin, real.Id)).Code);
        Assert.Equal(ActionStates.Running, f.Actions.Approve(SecondAdmin, real.Id).State);
    }
}

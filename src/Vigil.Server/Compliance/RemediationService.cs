using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Vigil.Protocol.Actions;
using Vigil.Server.Actions;
using Vigil.Server.Audit;
using Vigil.Server.Storage;

namespace Vigil.Server.Compliance;

/// <summary>
/// Remediation of a failing check through the action channel: first the check's remediation action as a dry run (read
/// only, so an operator may ask it), then the real action, which waits for an admin's approval unless the policy opted
/// the check into automatic remediation (still audited, still subject to the host's allowlist), then run-policy for that
/// check to re-evaluate it. <see cref="AdvanceAsync"/> moves each open remediation on as its action's result arrives.
/// Every step is in the audit log.
/// </summary>
public sealed class RemediationService(IServerStore store, ActionService actions, AuditLog audit, TimeProvider time)
{
    public async Task<Remediation> CreateAsync(Caller caller, RemediationRequest? body, CancellationToken cancellationToken)
    {
        if (caller.Role < Role.Operator)
        {
            throw new ActionProblemException(403, "forbidden", "remediation needs the operator role");
        }
        if (body is not { Host.Length: > 0, Policy.Length: > 0, Check.Length: > 0 })
        {
            throw new ActionProblemException(400, "invalid_remediation", "body: {host, policy, check} are all required");
        }
        var agent = await store.Agents.FindAsync(body.Host, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionProblemException(404, "host_not_found", $"host: no host with id or hostname '{body.Host}'");
        var result = await store.Compliance.LatestAsync(agent.Id, body.Policy, body.Check, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionProblemException(404, "result_not_found", $"{agent.Hostname} has no result for {body.Policy}/{body.Check}");
        if (result.Status is not ("fail" or "error"))
        {
            throw new ActionProblemException(409, "not_failing", $"{body.Policy}/{body.Check} is {result.Status} on {agent.Hostname}: nothing to remediate");
        }
        var (action, parameters, automatic) = ComplianceJson.ParseRemediation(result.RemediationActionJson)
            ?? throw new ActionProblemException(409, "no_remediation_action", $"{body.Policy}/{body.Check} carries no remediation action (its remediation text: {result.Remediation})");
        var definition = ActionCatalog.Find(action)
            ?? throw new ActionProblemException(409, "unknown_action", $"the check's remediation action '{action}' is not an action of this server");
        if (!definition.Parameters.Any(p => p.Name == "dry_run"))
        {
            throw new ActionProblemException(409, "no_dry_run", $"{action} cannot show a dry run, so it cannot be used for remediation");
        }
        var open = await store.Compliance.RemediationsAsync(agent.Id, openOnly: true, 1000, cancellationToken).ConfigureAwait(false);
        if (open.FirstOrDefault(r => r.Policy == body.Policy && r.Check == body.Check) is { } running)
        {
            throw new ActionProblemException(409, "remediation_open", $"{running.Id} is already remediating {body.Policy}/{body.Check} on {agent.Hostname} ({running.State})");
        }
        var dryRun = await actions.RequestAsync(caller, Request(agent.Id, action, parameters, dryRun: true), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var remediation = new Remediation
        {
            Id = "rem_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            AgentId = agent.Id,
            Hostname = agent.Hostname,
            Policy = body.Policy,
            Check = body.Check,
            Action = action,
            Parameters = parameters,
            Automatic = automatic,
            State = RemediationStates.DryRun,
            DryRunActionId = dryRun.Id,
            Created = Ms(now),
            CreatedBy = caller.Name,
            CreatedByToken = caller.TokenId,
            Updated = Ms(now),
        };
        await store.Compliance.SaveRemediationAsync(remediation, cancellationToken).ConfigureAwait(false);
        Audit(caller.Actor, remediation, "created", new JsonObject { ["dry_run_action"] = dryRun.Id, ["evidence"] = result.EvidenceId, ["observed"] = result.Observed });
        return remediation;
    }

    /// <summary>Moves every open remediation on whose current action has finished; returns how many changed.</summary>
    public async Task<int> AdvanceAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var remediation in await store.Compliance.RemediationsAsync(null, openOnly: true, 500, cancellationToken).ConfigureAwait(false))
        {
            var next = await StepAsync(remediation, cancellationToken).ConfigureAwait(false);
            if (next is not null)
            {
                next = next with { Updated = Ms(time.GetUtcNow()) };
                await store.Compliance.SaveRemediationAsync(next, cancellationToken).ConfigureAwait(false);
                Audit("server", next, next.State, new JsonObject { ["action"] = next.ActionId, ["verify_action"] = next.VerifyActionId, ["error"] = next.Error });
                changed++;
            }
        }
        return changed;
    }

    private async Task<Remediation?> StepAsync(Remediation r, CancellationToken cancellationToken)
    {
        var caller = new Caller(r.CreatedByToken, r.CreatedBy, Role.Operator);
        try
        {
            switch (r.State)
            {
                case RemediationStates.DryRun:
                    if (Finished(r.DryRunActionId!) is not { } dry)
                    {
                        return null;
                    }
                    if (dry.State != DeliveryStates.Succeeded)
                    {
                        return Fail(r, "the dry run", dry);
                    }
                    var grant = new ActionGrant($"remediation {r.Id} of {r.Policy}/{r.Check}" + (r.Automatic ? " (the policy opts this check into automatic remediation)" : ""), r.Automatic);
                    var real = await actions.RequestAsync(caller, Request(r.AgentId, r.Action, r.Parameters, dryRun: false), grant, cancellationToken).ConfigureAwait(false);
                    return r with
                    {
                        DryRun = dry.Output,
                        ActionId = real.Id,
                        State = real.State == ActionStates.PendingApproval ? RemediationStates.AwaitingApproval : RemediationStates.Running,
                    };
                case RemediationStates.AwaitingApproval:
                    var pending = actions.Store.Get(r.ActionId!);
                    return pending?.State switch
                    {
                        ActionStates.Rejected => r with { State = RemediationStates.Rejected, Error = $"rejected by {pending.DecidedByName}: {pending.Reason}" },
                        ActionStates.Done when Finished(r.ActionId!) is null => r with { State = RemediationStates.Failed, Error = pending.Reason ?? "expired before it was approved" },
                        ActionStates.Running or ActionStates.Done => r with { State = RemediationStates.Running },
                        _ => null,
                    };
                case RemediationStates.Running:
                    if (Finished(r.ActionId!) is not { } ran)
                    {
                        return null;
                    }
                    if (ran.State != DeliveryStates.Succeeded)
                    {
                        return Fail(r, r.Action, ran);
                    }
                    var verify = await actions.RequestAsync(caller, new ActionRequestBody
                    {
                        Action = ActionNames.RunPolicy,
                        Host = r.AgentId,
                        Parameters = new Dictionary<string, JsonElement> { ["policy"] = JsonSerializer.SerializeToElement(r.Policy), ["check"] = JsonSerializer.SerializeToElement(r.Check) },
                    }, cancellationToken).ConfigureAwait(false);
                    return r with { State = RemediationStates.Verifying, VerifyActionId = verify.Id };
                case RemediationStates.Verifying:
                    if (Finished(r.VerifyActionId!) is not { } check)
                    {
                        return null;
                    }
                    if (check.State != DeliveryStates.Succeeded)
                    {
                        return Fail(r, "re-evaluating the check", check);
                    }
                    var verdict = Verdict(check.Output, r.Check);
                    var status = verdict?["status"]?.GetValue<string>();
                    return r with
                    {
                        Verify = verdict?.ToJsonString(),
                        State = status == "pass" ? RemediationStates.Succeeded : RemediationStates.Failed,
                        Error = status == "pass" ? null : $"the check is still {status ?? "not reported"} after the remediation",
                    };
                default:
                    return null;
            }
        }
        catch (ActionProblemException problem)
        {
            return r with { State = RemediationStates.Failed, Error = $"{problem.Code}: {problem.Message}" };
        }
    }

    /// <summary>The host's answer once it is final (a single-host action has one delivery).</summary>
    private StoredDelivery? Finished(string actionId) => actions.Store.Deliveries(actionId).FirstOrDefault(d => DeliveryStates.IsFinal(d.State));

    private static Remediation Fail(Remediation r, string step, StoredDelivery delivery) =>
        r with { State = RemediationStates.Failed, Error = $"{step} {delivery.State} on {delivery.Hostname}: {delivery.Code} {delivery.Error}".Trim() };

    private static JsonObject? Verdict(string? output, string check)
    {
        if (output is null || JsonNode.Parse(output)?["results"] is not JsonArray results)
        {
            return null;
        }
        return results.FirstOrDefault(x => x?["check"]?.GetValue<string>() == check) is { } found
            ? new JsonObject { ["status"] = found["status"]?.DeepClone(), ["observed"] = found["observed"]?.DeepClone() }
            : null;
    }

    private static ActionRequestBody Request(string agentId, string action, IReadOnlyDictionary<string, string> parameters, bool dryRun)
    {
        var values = parameters.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal);
        values["dry_run"] = JsonSerializer.SerializeToElement(dryRun);
        return new ActionRequestBody { Action = action, Host = agentId, Parameters = values };
    }

    private void Audit(string actor, Remediation r, string step, JsonObject data)
    {
        data["step"] = step;
        data["host"] = r.AgentId;
        data["policy"] = r.Policy;
        data["check"] = r.Check;
        data["remediation_action"] = r.Action;
        data["state"] = r.State;
        audit.Append(actor, AuditKinds.ComplianceRemediation, r.Id, data);
    }

    private static DateTimeOffset Ms(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    public static object View(Remediation r) => new
    {
        id = r.Id,
        host_id = r.AgentId,
        hostname = r.Hostname,
        policy = r.Policy,
        check = r.Check,
        action = r.Action,
        @params = r.Parameters,
        automatic = r.Automatic,
        state = r.State,
        dry_run = ComplianceJson.Parse(r.DryRun),
        dry_run_action_id = r.DryRunActionId,
        action_id = r.ActionId,
        verify = ComplianceJson.Parse(r.Verify),
        verify_action_id = r.VerifyActionId,
        error = r.Error,
        created = r.Created,
        created_by = r.CreatedBy,
        updated = r.Updated,
    };
}

/// <summary>POST /compliance/remediations.</summary>
public sealed record RemediationRequest
{
    [JsonPropertyName("host")] public string? Host { get; init; }
    [JsonPropertyName("policy")] public string? Policy { get; init; }
    [JsonPropertyName("check")] public string? Check { get; init; }
}

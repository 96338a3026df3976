using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vigil.Protocol.Actions;
using Vigil.Server.Api;
using Vigil.Server.Audit;
using Vigil.Server.Storage;

namespace Vigil.Server.Actions;

/// <summary>
/// The rules of remote actions on the server side: who may ask for what, approval by a second admin, rate limits,
/// signing one envelope per host at dispatch, handing each out once, recording every answer and expiry, and an
/// audit entry for each of those steps. The agent checks everything again; this is the first of two gates.
/// </summary>
public sealed partial class ActionService
{
    private readonly ActionStore _store;
    private readonly AuditLog _audit;
    private readonly ActionSigningKey _key;
    private readonly AgentMailbox _mailbox;
    private readonly IServerStore _server;
    private readonly ActionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RateWindow _operators;
    private readonly RateWindow _hosts;

    public ActionService(ActionStore store, AuditLog audit, ActionSigningKey key, AgentMailbox mailbox, IServerStore server, ActionOptions options, TimeProvider time, ILogger<ActionService> logger)
    {
        _store = store;
        _audit = audit;
        _key = key;
        _mailbox = mailbox;
        _server = server;
        _options = options;
        _time = time;
        _logger = logger;
        _operators = new RateWindow(time, options.OperatorRequestsPerMinute);
        _hosts = new RateWindow(time, options.HostActionsPerMinute);
    }

    public ActionStore Store => _store;

    /// <summary>Checks and records a request; dispatches it at once unless it waits for approval.</summary>
    public Task<StoredAction> RequestAsync(Caller caller, ActionRequestBody body, CancellationToken cancellationToken) =>
        RequestAsync(caller, body, grant: null, cancellationToken);

    /// <summary>
    /// As <see cref="RequestAsync(Caller, ActionRequestBody, CancellationToken)"/>; with a <paramref name="grant"/> (a
    /// remediation of a failing check) a privileged action may be requested by an operator, and skips the approval only
    /// when the grant says so (a policy opting the check into automatic remediation); the audit entry names the grant.
    /// Only server code can ask this; the API never does.
    /// </summary>
    internal async Task<StoredAction> RequestAsync(Caller caller, ActionRequestBody body, ActionGrant? grant, CancellationToken cancellationToken)
    {
        var name = body.Action ?? "";
        try
        {
            var definition = ActionCatalog.Find(name)
                ?? throw new ActionProblemException(400, "unknown_action", $"action: '{name}' is not an action (known: {string.Join(", ", ActionCatalog.All.Select(d => d.Name))})");
            if (caller.Role < Role.Operator)
            {
                throw new ActionProblemException(403, "forbidden", "running actions needs the operator role");
            }
            var (parameters, problem) = definition.Bind(Texts(body.Parameters));
            if (parameters is null)
            {
                throw new ActionProblemException(400, "invalid_parameters", problem!);
            }
            // A privileged action asked as a dry run changes nothing on the host (the agent guarantees it), so it is
            // treated like a read-only one for roles and approval; the audit entry says so.
            var dryRun = definition.Privileged && IsDryRun(parameters);
            var privileged = definition.Privileged && !dryRun;
            if (privileged && grant is null && caller.Role < Role.Admin)
            {
                throw new ActionProblemException(403, "privileged_action", $"{name} changes the host: it needs an admin (this token is {caller.Role.ToString().ToLowerInvariant()})");
            }
            var expiry = _options.DefaultExpiry;
            if (body.ExpiresIn is { } text && (!QueryValues.TryParseDuration(text, out expiry) || expiry <= TimeSpan.Zero || expiry > _options.MaxExpiry))
            {
                throw new ActionProblemException(400, "invalid_expiry", $"expires_in: '{text}' is not a duration between 1s and {_options.MaxExpiry.TotalHours:0}h");
            }
            var concurrency = body.Concurrency ?? _options.DefaultConcurrency;
            if (concurrency < 1)
            {
                throw new ActionProblemException(400, "invalid_concurrency", "concurrency: at least 1");
            }
            var (targeting, targets) = await ResolveTargetsAsync(body, cancellationToken).ConfigureAwait(false);
            if (_operators.TryTake([caller.TokenId]).Count > 0)
            {
                throw new ActionProblemException(429, "rate_limited", $"this token made {_operators.PerMinute} action requests in the last minute; wait");
            }
            var busy = _hosts.TryTake(targets.Select(t => t.Id).ToList());
            if (busy.Count > 0)
            {
                var names = targets.Where(t => busy.Contains(t.Id)).Select(t => t.Hostname).Take(5);
                throw new ActionProblemException(429, "host_rate_limited", $"{busy.Count} hosts were sent {_hosts.PerMinute} actions in the last minute ({string.Join(", ", names)}); wait");
            }
            var now = _time.GetUtcNow();
            var needsApproval = privileged && _options.RequireApproval && grant?.SkipApproval != true;
            var action = new StoredAction
            {
                Id = "act_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                Name = name,
                Parameters = parameters,
                Privileged = definition.Privileged,
                Targeting = targeting,
                RequestedBy = caller.TokenId,
                RequestedByName = caller.Name,
                RequestedAt = now,
                ExpiresAt = now + expiry,
                Concurrency = concurrency,
                State = needsApproval ? ActionStates.PendingApproval : ActionStates.Running,
            };
            _store.Create(action, targets.Select(t => (t.Id, t.Hostname)).ToList());
            _audit.Append(caller.Actor, AuditKinds.ActionRequested, action.Id, new JsonObject
            {
                ["action"] = name,
                ["parameters"] = ParametersForAudit(parameters),
                ["targeting"] = targeting,
                ["hosts"] = new JsonArray(targets.Select(t => (JsonNode)JsonValue.Create(t.Id)).ToArray()),
                ["privileged"] = definition.Privileged,
                ["dry_run"] = dryRun,
                ["treated_as_read_only"] = dryRun,
                ["grant"] = grant?.Reason,
                ["automatic"] = grant?.SkipApproval == true,
                ["needs_approval"] = needsApproval,
                ["expires_at"] = action.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
            });
            LogRequested(action.Id, name, targets.Count, caller.Name, needsApproval);
            if (!needsApproval)
            {
                Dispatch(action);
            }
            return action;
        }
        catch (ActionProblemException refused)
        {
            _audit.Append(caller.Actor, AuditKinds.ActionDenied, body.Action ?? "", new JsonObject { ["step"] = "request", ["code"] = refused.Code, ["reason"] = refused.Message });
            throw;
        }
    }

    /// <summary>An admin who is not the requester approves a privileged action; it is signed and sent.</summary>
    public StoredAction Approve(Caller caller, string id)
    {
        try
        {
            var action = _store.Get(id) ?? throw new ActionProblemException(404, "action_not_found", $"no action {id}");
            if (caller.Role < Role.Admin)
            {
                throw new ActionProblemException(403, "forbidden", "approving needs the admin role");
            }
            if (action.State != ActionStates.PendingApproval)
            {
                throw new ActionProblemException(409, "not_pending", $"{id} is {action.State}, not waiting for approval");
            }
            if (caller.TokenId == action.RequestedBy || caller.Name == action.RequestedByName)
            {
                throw new ActionProblemException(403, "self_approval", $"{id} was requested by {action.RequestedByName}: a second person must approve it");
            }
            var now = _time.GetUtcNow();
            if (now >= action.ExpiresAt)
            {
                throw new ActionProblemException(409, "expired", $"{id} expired at {action.ExpiresAt:u} before it was approved");
            }
            if (!_store.Decide(id, ActionStates.PendingApproval, ActionStates.Running, caller, now, null))
            {
                throw new ActionProblemException(409, "not_pending", $"{id} was decided meanwhile");
            }
            _audit.Append(caller.Actor, AuditKinds.ActionApproved, id, new JsonObject { ["action"] = action.Name, ["requested_by"] = action.RequestedByName });
            LogApproved(id, caller.Name);
            var approved = _store.Get(id)!;
            Dispatch(approved);
            return approved;
        }
        catch (ActionProblemException refused)
        {
            _audit.Append(caller.Actor, AuditKinds.ActionDenied, id, new JsonObject { ["step"] = "approve", ["code"] = refused.Code, ["reason"] = refused.Message });
            throw;
        }
    }

    /// <summary>An admin rejects a pending action; nothing is sent.</summary>
    public StoredAction Reject(Caller caller, string id, string? reason)
    {
        try
        {
            var action = _store.Get(id) ?? throw new ActionProblemException(404, "action_not_found", $"no action {id}");
            if (caller.Role < Role.Admin && caller.TokenId != action.RequestedBy)
            {
                throw new ActionProblemException(403, "forbidden", "rejecting needs the admin role (or to be the requester)");
            }
            var now = _time.GetUtcNow();
            if (!_store.Decide(id, ActionStates.PendingApproval, ActionStates.Rejected, caller, now, reason))
            {
                throw new ActionProblemException(409, "not_pending", $"{id} is {action.State}, not waiting for approval");
            }
            _store.Cancel(id, now);
            _audit.Append(caller.Actor, AuditKinds.ActionRejected, id, new JsonObject { ["action"] = action.Name, ["reason"] = reason });
            return _store.Get(id)!;
        }
        catch (ActionProblemException refused)
        {
            _audit.Append(caller.Actor, AuditKinds.ActionDenied, id, new JsonObject { ["step"] = "reject", ["code"] = refused.Code, ["reason"] = refused.Message });
            throw;
        }
    }

    /// <summary>The deliveries queued for <paramref name="agentId"/>, now delivered (each leaves once).</summary>
    public IReadOnlyList<ActionEnvelope> Take(string agentId) => _store.TakeQueued(agentId, _time.GetUtcNow(), 64);

    /// <summary>Stores a host's answer, audits it and frees the slot for the next host.</summary>
    public bool Record(string agentId, ActionResult result, int outputBytes)
    {
        var state = result.Outcome switch
        {
            ActionOutcome.Succeeded => DeliveryStates.Succeeded,
            ActionOutcome.Refused => DeliveryStates.Refused,
            _ => DeliveryStates.Failed,
        };
        var output = result.Output is { } element ? element.GetRawText() : null;
        var now = _time.GetUtcNow();
        var delivery = _store.Finish(result.DeliveryId, agentId, state, Limit(result.Code, 64), Limit(result.Error, 4096), output, result.Redactions, now);
        if (delivery is null)
        {
            LogUnexpectedResult(agentId, result.DeliveryId);
            return false;
        }
        _audit.Append(agentId, AuditKinds.ActionResult, delivery.ActionId, new JsonObject
        {
            ["delivery"] = delivery.Id,
            ["host"] = delivery.Hostname,
            ["outcome"] = state,
            ["code"] = delivery.Code,
            ["error"] = delivery.Error,
            ["redactions"] = result.Redactions,
            ["output_bytes"] = outputBytes,
            ["output_sha256"] = output is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(output))),
        });
        if (_store.Get(delivery.ActionId) is { } action)
        {
            Promote(action);
            _store.CompleteIfFinished(action.Id, now);
        }
        return true;
    }

    /// <summary>Expires every open delivery whose action ran out of time; each becomes a visible failure with a reason and an audit entry.</summary>
    public int ExpireDue()
    {
        var now = _time.GetUtcNow();
        var expired = _store.ExpireDue(now);
        foreach (var (delivery, was) in expired)
        {
            _audit.Append("server", AuditKinds.ActionExpired, delivery.ActionId, new JsonObject { ["delivery"] = delivery.Id, ["host"] = delivery.Hostname, ["agent"] = delivery.AgentId, ["was"] = was });
        }
        foreach (var actionId in expired.Select(e => e.Delivery.ActionId).Distinct(StringComparer.Ordinal))
        {
            if (!_store.CompleteIfFinished(actionId, now))
            {
                _store.Decide(actionId, ActionStates.PendingApproval, ActionStates.Done, null, now, "expired before it was approved");
            }
        }
        return expired.Count;
    }

    private void Dispatch(StoredAction action) => Promote(action);

    private void Promote(StoredAction action)
    {
        if (action.State != ActionStates.Running)
        {
            return;
        }
        var now = _time.GetUtcNow();
        var queued = _store.Promote(action.Id, action.Concurrency, now, delivery => Sign(action, delivery, now));
        foreach (var agentId in queued)
        {
            _audit.Append("server", AuditKinds.ActionDispatched, action.Id, new JsonObject { ["agent"] = agentId, ["key_id"] = _key.KeyId });
            _mailbox.Notify(agentId);
        }
    }

    private (byte[] Payload, byte[] Signature, string KeyId) Sign(StoredAction action, StoredDelivery delivery, DateTimeOffset now)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new ActionPayload
        {
            Version = ActionPayload.CurrentVersion,
            ActionId = action.Id,
            Target = delivery.AgentId,
            Action = action.Name,
            Parameters = action.Parameters,
            Nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            IssuedAtUnixMs = now.ToUnixTimeMilliseconds(),
            ExpiresAtUnixMs = action.ExpiresAt.ToUnixTimeMilliseconds(),
            RequestedBy = action.RequestedByName,
            ApprovedBy = action.Privileged ? action.DecidedByName : null,
        }, ActionJsonContext.Default.ActionPayload);
        return (payload, _key.Sign(payload), _key.KeyId);
    }

    private async Task<(string Targeting, IReadOnlyList<Agent> Targets)> ResolveTargetsAsync(ActionRequestBody body, CancellationToken cancellationToken)
    {
        var given = new[] { body.Host, body.Select, body.Group }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (given != 1)
        {
            throw new ActionProblemException(400, "invalid_target", "name exactly one of host, select (label selector, e.g. role=db,os=debian) and group");
        }
        if (!string.IsNullOrWhiteSpace(body.Host))
        {
            var agent = await _server.Agents.FindAsync(body.Host, cancellationToken).ConfigureAwait(false)
                ?? throw new ActionProblemException(404, "host_not_found", $"no host with id or hostname '{body.Host}'");
            if (agent.RevokedAt is not null)
            {
                throw new ActionProblemException(409, "host_revoked", $"{agent.Hostname} ({agent.Id}) is revoked");
            }
            return ("host=" + body.Host, [agent]);
        }
        var selectorText = body.Select;
        var targeting = "select=" + body.Select;
        if (!string.IsNullOrWhiteSpace(body.Group))
        {
            selectorText = _store.GroupSelector(body.Group) ?? throw new ActionProblemException(404, "group_not_found", $"no saved group '{body.Group}' (vigil action group save NAME --select …)");
            targeting = $"group={body.Group} ({selectorText})";
        }
        var selector = TargetSelector.Parse(selectorText!);
        var agents = (await _server.Agents.ListAsync(cancellationToken).ConfigureAwait(false)).Where(a => a.RevokedAt is null && selector.Matches(a)).ToList();
        if (agents.Count == 0)
        {
            throw new ActionProblemException(404, "no_hosts", $"no enrolled host matches {selector}");
        }
        if (agents.Count > _options.MaxTargets)
        {
            throw new ActionProblemException(400, "too_many_hosts", $"{agents.Count} hosts match {selector}; at most {_options.MaxTargets} per action");
        }
        return (targeting, agents);
    }

    private static bool IsDryRun(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("dry_run", out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> Texts(Dictionary<string, JsonElement>? parameters) =>
        (parameters ?? []).ToDictionary(p => p.Key, p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => p.Value.GetRawText(),
        }, StringComparer.Ordinal);

    /// <summary>Parameters as audited: long values (a patch's content) by length and hash, the rest as given.</summary>
    private static JsonObject ParametersForAudit(IReadOnlyDictionary<string, string> parameters)
    {
        var audited = new JsonObject();
        foreach (var (key, value) in parameters)
        {
            audited[key] = value.Length <= 256 ? value : $"({value.Length} characters, sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))})";
        }
        return audited;
    }

    private static string? Limit(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "action {ActionId} ({Name}) requested for {Hosts} hosts by {Caller}; waiting for approval: {NeedsApproval}")]
    private partial void LogRequested(string actionId, string name, int hosts, string caller, bool needsApproval);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "action {ActionId} approved by {Caller}")]
    private partial void LogApproved(string actionId, string caller);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "agent {AgentId} posted a result for delivery {DeliveryId}, which it does not hold (unknown, another host's, or already answered)")]
    private partial void LogUnexpectedResult(string agentId, long deliveryId);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Vigil.Server.Actions;
using Vigil.Server.Audit;
using Vigil.Server.Storage;

namespace Vigil.Server.Compliance;

/// <summary>Creating and revoking exceptions (admins only), each recorded in the audit log; and the list with state computed now.</summary>
public sealed class ExceptionService(IServerStore store, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    public async Task<ComplianceException> CreateAsync(Caller caller, ExceptionRequest? body, CancellationToken cancellationToken)
    {
        if (caller.Role < Role.Admin)
        {
            throw new ActionProblemException(403, "forbidden", "creating an exception needs the admin role");
        }
        if (body is null)
        {
            throw Bad("body", "expected {check, select, kind, owner, reason, expires}");
        }
        var now = time.GetUtcNow();
        var check = Required(body.Check, "check");
        var select = Required(body.Select, "select");
        try
        {
            _ = ExceptionSelector.Parse(select);
        }
        catch (ActionProblemException e)
        {
            throw Bad("select", e.Message + " (or * for every host)");
        }
        var kind = body.Kind ?? ExceptionKinds.Exception;
        if (kind is not (ExceptionKinds.Exception or ExceptionKinds.FalsePositive))
        {
            throw Bad("kind", $"'{kind}' is not exception or false_positive");
        }
        var owner = Required(body.Owner, "owner");
        var reason = Required(body.Reason, "reason");
        if (!Api.QueryValues.TryParseTime(body.Expires, out var expires))
        {
            throw Bad("expires", $"'{body.Expires}' is not an ISO-8601 time");
        }
        if (expires <= now || expires > now + MaxLifetime)
        {
            throw Bad("expires", $"must be in the future and at most a year away, not {expires:O}");
        }
        var exception = new ComplianceException
        {
            Id = "exc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Policy = string.IsNullOrWhiteSpace(body.Policy) ? null : body.Policy.Trim(),
            Check = check,
            Selector = select,
            Kind = kind,
            Owner = owner,
            Reason = reason,
            Created = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
            CreatedBy = caller.Name,
            Expires = DateTimeOffset.FromUnixTimeMilliseconds(expires.ToUnixTimeMilliseconds()),
        };
        await store.Compliance.CreateExceptionAsync(exception, cancellationToken).ConfigureAwait(false);
        audit.Append(caller.Actor, AuditKinds.ComplianceExceptionCreated, exception.Id, new JsonObject
        {
            ["policy"] = exception.Policy,
            ["check"] = check,
            ["select"] = select,
            ["kind"] = kind,
            ["owner"] = owner,
            ["reason"] = reason,
            ["expires"] = exception.Expires.ToString("O", CultureInfo.InvariantCulture),
        });
        return exception;
    }

    public async Task<ComplianceException> RevokeAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (caller.Role < Role.Admin)
        {
            throw new ActionProblemException(403, "forbidden", "revoking an exception needs the admin role");
        }
        var existing = (await store.Compliance.ExceptionsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Id == id)
            ?? throw new ActionProblemException(404, "exception_not_found", $"no exception {id}");
        if (existing.Revoked is not null)
        {
            throw new ActionProblemException(409, "already_revoked", $"{id} was revoked at {existing.Revoked:O} by {existing.RevokedBy}");
        }
        var now = time.GetUtcNow();
        await store.Compliance.RevokeExceptionAsync(id, now, caller.Name, cancellationToken).ConfigureAwait(false);
        audit.Append(caller.Actor, AuditKinds.ComplianceExceptionRevoked, id, new JsonObject { ["check"] = existing.Check, ["select"] = existing.Selector, ["kind"] = existing.Kind });
        return existing with { Revoked = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), RevokedBy = caller.Name };
    }

    public async Task<IReadOnlyList<object>> ListAsync(bool all, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var agents = (await store.Agents.ListAsync(cancellationToken).ConfigureAwait(false)).Where(a => a.RevokedAt is null).ToList();
        return (await store.Compliance.ExceptionsAsync(cancellationToken).ConfigureAwait(false))
            .Where(e => all || e.Revoked is null)
            .Select(e => View(e, now, agents.Count(ExceptionSelector.Parse(e.Selector).Matches)))
            .ToList();
    }

    public static object View(ComplianceException e, DateTimeOffset now, int? matchingHosts) => new
    {
        id = e.Id,
        policy = e.Policy,
        check = e.Check,
        select = e.Selector,
        kind = e.Kind,
        owner = e.Owner,
        reason = e.Reason,
        created = e.Created,
        created_by = e.CreatedBy,
        expires = e.Expires,
        state = e.StateAt(now),
        revoked = e.Revoked,
        revoked_by = e.RevokedBy,
        matching_hosts = matchingHosts,
    };

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw Bad(field, "required") : value.Length > 4096 ? throw Bad(field, "longer than 4096 characters") : value.Trim();

    private static ActionProblemException Bad(string field, string problem) => new(400, "invalid_exception", $"{field}: {problem}");
}

/// <summary>POST /compliance/exceptions.</summary>
public sealed record ExceptionRequest
{
    [JsonPropertyName("policy")] public string? Policy { get; init; }
    [JsonPropertyName("check")] public string? Check { get; init; }
    [JsonPropertyName("select")] public string? Select { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("expires")] public string? Expires { get; init; }
}

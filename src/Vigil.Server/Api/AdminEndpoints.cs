using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Agents;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Live;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>Who am I; tokens; revocation; CA rotation. Everything but /me needs the admin role.</summary>
public static partial class AdminEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext context) => Results.Json(new
        {
            id = ApiTokenAuthentication.TokenIdOf(context.User),
            name = context.User.Identity?.Name,
            role = ApiTokenAuthentication.RoleOf(context.User)?.ToString().ToLowerInvariant(),
        }, EventDataJson.Options)).RequireAuthorization(AuthPolicies.Viewer).WithTags("Access").WithSummary("The calling token's name and role.");

        var admin = api.MapGroup("/").RequireAuthorization(AuthPolicies.Admin).WithTags("Access");
        admin.MapPost("/enrollment-tokens", CreateEnrollmentTokenAsync).WithSummary("A one-time enrollment token (shown once) and the CA pin agents verify the server with.");
        admin.MapGet("/enrollment-tokens", ListEnrollmentTokensAsync).WithSummary("Enrollment tokens without secrets.");
        admin.MapPost("/api-tokens", CreateApiTokenAsync).WithSummary("An API token with a role (shown once).");
        admin.MapGet("/api-tokens", ListApiTokensAsync).WithSummary("API tokens without secrets.");
        admin.MapDelete("/api-tokens/{id}", RevokeApiTokenAsync).WithSummary("Revoke an API token.");
        admin.MapPost("/agents/{host}/revoke", RevokeAgentAsync).WithSummary("Revoke an agent: refused at once, on every endpoint.");
        admin.MapPost("/ca/rotate", RotateCa).WithSummary("Start a CA rotation: a new CA signs agent certificates; both are trusted until finished.");
        admin.MapPost("/ca/finish-rotation", FinishCaRotation).WithSummary("Finish a CA rotation: the server's certificate moves to the new CA, the old one is dropped.");
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,63}$")]
    private static partial Regex LabelPattern();

    private static async Task<IResult> CreateEnrollmentTokenAsync(EnrollmentTokenRequest? request, IServerStore store, ServerPki pki, TimeProvider time, CancellationToken cancellationToken)
    {
        var labels = request?.Labels ?? new Dictionary<string, string>();
        foreach (var (key, value) in labels)
        {
            if (!LabelPattern().IsMatch(key) || value.Length > 255)
            {
                return ApiErrors.Result(400, "invalid_label", $"labels: '{key}' must be 1-63 of A-Z a-z 0-9 _ . - with a value of at most 255 characters");
            }
        }
        var ttl = TimeSpan.FromHours(24);
        if (request?.Ttl is { } text && !QueryValues.TryParseDuration(text, out ttl))
        {
            return ApiErrors.Result(400, "invalid_ttl", $"ttl: '{text}' is not a duration like 1h or 7d");
        }
        var secret = TokenSecret.New(TokenSecret.EnrollmentKind);
        var now = time.GetUtcNow();
        var token = new EnrollmentToken { Id = secret.Id, SecretHash = secret.Hash(), Labels = labels, CreatedAt = now, ExpiresAt = now + ttl };
        await store.Tokens.CreateEnrollmentTokenAsync(token, cancellationToken).ConfigureAwait(false);
        return Results.Json(new { id = token.Id, token = secret.ToString(), labels, expires_at = token.ExpiresAt, ca_pin = pki.Issuing.Pin }, EventDataJson.Options, statusCode: 201);
    }

    private static async Task<IResult> ListEnrollmentTokensAsync(IServerStore store, CancellationToken cancellationToken)
    {
        var tokens = await store.Tokens.ListEnrollmentTokensAsync(cancellationToken).ConfigureAwait(false);
        return Results.Json(new { tokens = tokens.Select(t => new { id = t.Id, labels = t.Labels, created_at = t.CreatedAt, expires_at = t.ExpiresAt, used_at = t.UsedAt, used_by = t.UsedByAgentId }) }, EventDataJson.Options);
    }

    private static async Task<IResult> CreateApiTokenAsync(ApiTokenRequest? request, IServerStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Name))
        {
            return ApiErrors.Result(400, "invalid_request", "name: required");
        }
        if (!Enum.TryParse<Role>(request.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            return ApiErrors.Result(400, "invalid_role", $"role: '{request.Role}' is not one of viewer, operator, admin");
        }
        DateTimeOffset? expires = null;
        if (request.Ttl is { } text)
        {
            if (!QueryValues.TryParseDuration(text, out var ttl))
            {
                return ApiErrors.Result(400, "invalid_ttl", $"ttl: '{text}' is not a duration like 30d");
            }
            expires = time.GetUtcNow() + ttl;
        }
        var secret = TokenSecret.New(TokenSecret.ApiKind);
        var token = new ApiToken { Id = secret.Id, Name = request.Name.Trim(), Role = role, SecretHash = secret.Hash(), CreatedAt = time.GetUtcNow(), ExpiresAt = expires };
        await store.Tokens.CreateApiTokenAsync(token, cancellationToken).ConfigureAwait(false);
        return Results.Json(new { id = token.Id, name = token.Name, role = role.ToString().ToLowerInvariant(), token = secret.ToString(), expires_at = expires }, EventDataJson.Options, statusCode: 201);
    }

    private static async Task<IResult> ListApiTokensAsync(IServerStore store, CancellationToken cancellationToken)
    {
        var tokens = await store.Tokens.ListApiTokensAsync(cancellationToken).ConfigureAwait(false);
        return Results.Json(new { tokens = tokens.Select(t => new { id = t.Id, name = t.Name, role = t.Role.ToString().ToLowerInvariant(), created_at = t.CreatedAt, expires_at = t.ExpiresAt, revoked_at = t.RevokedAt }) }, EventDataJson.Options);
    }

    private static async Task<IResult> RevokeApiTokenAsync(string id, IServerStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.Tokens.RevokeApiTokenAsync(id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : ApiErrors.Result(404, "token_not_found", $"no active API token with id '{id}'");

    private static async Task<IResult> RevokeAgentAsync(string host, HttpContext context, IServerStore store, ActiveAgents active, LiveFeed live, TimeProvider time)
    {
        if (await store.Agents.FindAsync(host, context.RequestAborted).ConfigureAwait(false) is not { } agent)
        {
            return HostEndpoints.NotFound(host);
        }
        var now = time.GetUtcNow();
        if (!await active.RevokeAsync(agent.Id, now, store, context.RequestAborted).ConfigureAwait(false))
        {
            return ApiErrors.Result(409, "already_revoked", $"agent {agent.Id} is already revoked");
        }
        var revoked = EventFactory.ForAgent($"{agent.Id}:revoked", EventTypes.AgentRevoked, agent.Id, agent.Id, now,
            new { hostname = agent.Hostname, by = context.User.Identity?.Name });
        await store.Events.AppendAsync([revoked], context.RequestAborted).ConfigureAwait(false);
        live.Publish(LiveEvents.Of(revoked));
        return Results.Json(new { id = agent.Id, hostname = agent.Hostname, revoked_at = now }, EventDataJson.Options);
    }

    private static IResult RotateCa(ServerPki pki)
    {
        var ca = pki.Rotate();
        return Results.Json(new { generation = ca.Generation, pin = ca.Pin, trust_version = pki.TrustVersion }, EventDataJson.Options);
    }

    private static IResult FinishCaRotation(ServerPki pki)
    {
        try
        {
            pki.FinishRotation();
        }
        catch (InvalidOperationException e)
        {
            return ApiErrors.Result(409, "no_rotation", e.Message);
        }
        return Results.Json(new { generation = pki.Issuing.Generation, pin = pki.Issuing.Pin, trust_version = pki.TrustVersion }, EventDataJson.Options);
    }
}

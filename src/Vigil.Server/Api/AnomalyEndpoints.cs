using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Protocol;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>/api/v1/anomalies and /api/v1/hosts/{host}/anomalies: what agents found abnormal, open first.</summary>
public static class AnomalyEndpoints
{
    private const string Filters = "state (open|closed), metric (exact or prefix*), since/until (a duration ago like 24h, or a time), limit";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/anomalies", FleetAsync)
            .RequireAuthorization(AuthPolicies.Viewer)
            .WithTags("Anomalies")
            .WithSummary($"Anomalies across the fleet, open first, then newest: host, {Filters}.")
            .Produces<AnomalyList>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapGet("/hosts/{host}/anomalies", HostAsync)
            .RequireAuthorization(AuthPolicies.Viewer)
            .WithTags("Anomalies")
            .WithSummary($"One host's anomalies, open first, then newest: {Filters}.")
            .Produces<AnomalyList>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
    }

    private static Task<IResult> FleetAsync(string? host, string? state, string? metric, string? since, string? until, int? limit,
        IServerStore store, TimeProvider time, CancellationToken cancellationToken) =>
        ListAsync(host, state, metric, since, until, limit, store, time, cancellationToken);

    private static Task<IResult> HostAsync(string host, string? state, string? metric, string? since, string? until, int? limit,
        IServerStore store, TimeProvider time, CancellationToken cancellationToken) =>
        ListAsync(host, state, metric, since, until, limit, store, time, cancellationToken);

    private static async Task<IResult> ListAsync(string? host, string? state, string? metric, string? since, string? until, int? limit,
        IServerStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (agentId, missing) = await HostEndpoints.FilterAsync(host, store, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }
        if (!TryState(state, out var wanted))
        {
            return ApiErrors.Result(400, "invalid_query", $"state: '{state}' is not open, closed or all");
        }
        var now = time.GetUtcNow();
        if (!TryWhen("since", since, now, out var from, out var error) || !TryWhen("until", until, now, out var to, out error))
        {
            return error!;
        }
        var anomalies = await store.Anomalies.QueryAsync(new AnomalyQuery
        {
            AgentId = agentId,
            State = wanted,
            Metric = metric,
            Since = from,
            Until = to,
            Limit = Math.Clamp(limit ?? 200, 1, 1000),
        }, cancellationToken).ConfigureAwait(false);
        return Results.Json(new AnomalyList([.. anomalies.Select(a => AnomalyView.Of(a, now))]), EventDataJson.Options);
    }

    private static bool TryState(string? text, out AnomalyState? state)
    {
        state = null;
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "all":
                return true;
            case "open":
                state = AnomalyState.Open;
                return true;
            case "closed":
                state = AnomalyState.Closed;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A duration back from now (24h) or a time (RFC 3339, Unix ms).</summary>
    private static bool TryWhen(string name, string? text, DateTimeOffset now, out DateTimeOffset? when, out IResult? error)
    {
        when = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (QueryValues.TryParseDuration(text, out var ago))
        {
            when = now - ago;
            return true;
        }
        if (QueryValues.TryParseTime(text, out var time))
        {
            when = time;
            return true;
        }
        error = ApiErrors.Result(400, "invalid_query", $"{name}: '{text}' is neither a duration like 15m, 6h, 7d nor an RFC 3339 time or Unix milliseconds");
        return false;
    }
}

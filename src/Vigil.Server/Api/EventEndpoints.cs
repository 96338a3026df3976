using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>/api/v1/events: the event log as CloudEvents, newest first, paged by cursor.</summary>
public static class EventEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", QueryAsync)
            .RequireAuthorization(AuthPolicies.Viewer)
            .WithTags("Events")
            .WithSummary("Events newest first: type (exact or prefix*), host, correlation, since, limit, before (cursor).");
    }

    private static async Task<IResult> QueryAsync(string? type, string? host, string? correlation, string? since, int? limit, long? before,
        IServerStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (agentId, missing) = await HostEndpoints.FilterAsync(host, store, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }
        if (!HostEndpoints.TrySince(since, time, out var from, out var error))
        {
            return error!;
        }
        var page = await store.Events.QueryAsync(new EventQuery
        {
            Type = type,
            AgentId = agentId,
            CorrelationId = correlation,
            Since = from,
            Before = before,
            Limit = Math.Clamp(limit ?? 100, 1, 1000),
        }, cancellationToken).ConfigureAwait(false);
        return Results.Json(new { events = page.Events.Select(CloudEventJson.ToStructured), next_cursor = page.NextCursor }, EventDataJson.Options);
    }
}

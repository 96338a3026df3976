using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>/api/v1/hosts: the fleet, one host, its inventory, history and drift.</summary>
public static class HostEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var hosts = api.MapGroup("/hosts").RequireAuthorization(AuthPolicies.Viewer).WithTags("Hosts");
        hosts.MapGet("/", ListAsync).WithSummary("Every host, problems first; filter by label (k=v) and status.");
        hosts.MapGet("/{host}", GetAsync).WithSummary("One host by id or hostname: identity, health, inventory kinds, metrics.");
        hosts.MapGet("/{host}/inventory/{kind}", InventoryAsync).WithSummary("The latest snapshot of one inventory kind (packages, listening_ports, users, certificates, ...).");
        hosts.MapGet("/{host}/history", HistoryAsync).WithSummary("Inventory and identity changes, newest first.");
        hosts.MapGet("/{host}/drift", DriftAsync).WithSummary("Watched files that changed, newest first.");
    }

    private static async Task<IResult> ListAsync(IServerStore store, HostViews views, HttpContext context, string? label, string? status)
    {
        var labels = QueryValues.ParsePairs(context.Request.Query["label"]);
        if (labels is null)
        {
            return ApiErrors.Result(400, "invalid_query", $"label: expected k=v, got '{label}'");
        }
        var agents = await store.Agents.ListAsync(context.RequestAborted).ConfigureAwait(false);
        var summaries = new List<HostSummary>(agents.Count);
        foreach (var agent in agents.Where(a => labels.All(l => a.Labels.TryGetValue(l.Key, out var v) && v == l.Value)))
        {
            summaries.Add(await views.SummaryAsync(agent, context.RequestAborted).ConfigureAwait(false));
        }
        var filtered = summaries
            .Where(s => status is null || string.Equals(s.Status, status, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => HostStatus.SortOrder(s.Status))
            .ThenBy(s => s.Hostname, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return Results.Json(new { hosts = filtered }, EventDataJson.Options);
    }

    private static async Task<IResult> GetAsync(string host, IServerStore store, HostViews views, CancellationToken cancellationToken)
    {
        var agent = await store.Agents.FindAsync(host, cancellationToken).ConfigureAwait(false);
        return agent is null ? NotFound(host) : Results.Json(await views.DetailAsync(agent, cancellationToken).ConfigureAwait(false), EventDataJson.Options);
    }

    private static async Task<IResult> InventoryAsync(string host, string kind, IServerStore store, CancellationToken cancellationToken)
    {
        if (await store.Agents.FindAsync(host, cancellationToken).ConfigureAwait(false) is not { } agent)
        {
            return NotFound(host);
        }
        var snapshot = await store.Hosts.GetInventoryAsync(agent.Id, kind, cancellationToken).ConfigureAwait(false);
        return snapshot is null
            ? ApiErrors.Result(404, "inventory_not_found", $"host {agent.Hostname} has not reported inventory '{kind}'")
            : Results.Json(new { kind = snapshot.Kind, observed_at = snapshot.ObservedAt, items = snapshot.Items.Select(i => new { key = i.Key, attrs = i.Attributes }) }, EventDataJson.Options);
    }

    private static async Task<IResult> HistoryAsync(string host, string? kind, string? since, int? limit, IServerStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.Agents.FindAsync(host, cancellationToken).ConfigureAwait(false) is not { } agent)
        {
            return NotFound(host);
        }
        if (!TrySince(since, time, out var from, out var error))
        {
            return error!;
        }
        var changes = await store.Hosts.GetHistoryAsync(agent.Id, kind, from, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken).ConfigureAwait(false);
        return Results.Json(new { changes }, EventDataJson.Options);
    }

    private static async Task<IResult> DriftAsync(string host, string? since, int? limit, IServerStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.Agents.FindAsync(host, cancellationToken).ConfigureAwait(false) is not { } agent)
        {
            return NotFound(host);
        }
        if (!TrySince(since, time, out var from, out var error))
        {
            return error!;
        }
        var drift = await store.Hosts.GetDriftAsync(agent.Id, from, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken).ConfigureAwait(false);
        return Results.Json(new { drift }, EventDataJson.Options);
    }

    internal static bool TrySince(string? since, TimeProvider time, out DateTimeOffset? from, out IResult? error)
    {
        from = null;
        error = null;
        if (since is null)
        {
            return true;
        }
        if (!QueryValues.TryParseDuration(since, out var duration))
        {
            error = ApiErrors.Result(400, "invalid_query", $"since: '{since}' is not a duration like 90s, 15m, 6h, 7d");
            return false;
        }
        from = time.GetUtcNow() - duration;
        return true;
    }

    internal const string NotFoundCode = "host_not_found";

    internal static string NotFoundMessage(string host) => $"no host with id or hostname '{host}'";

    internal static IResult NotFound(string host) => ApiErrors.Result(404, NotFoundCode, NotFoundMessage(host));

    /// <summary>
    /// Resolves an optional <c>?host=</c> filter (an id or a hostname) to an agent id: null when no filter was asked
    /// for, and <c>NotFound</c> set to the 404 to return when no such host exists.
    /// </summary>
    internal static async Task<(string? AgentId, IResult? NotFound)> FilterAsync(string? host, IServerStore store, CancellationToken cancellationToken)
    {
        if (host is null)
        {
            return (null, null);
        }
        return await store.Agents.FindAsync(host, cancellationToken).ConfigureAwait(false) is { } agent ? (agent.Id, null) : (null, NotFound(host));
    }
}

using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Events;
using Vigil.Server.Live;
using Vigil.Server.Observability;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>/healthz for load balancers and systemd checks, /metrics for Prometheus. Both unauthenticated and cheap.</summary>
public static class OperationsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", HealthAsync).WithTags("Operations").WithSummary("Liveness and store reachability.");
        app.MapGet("/metrics", MetricsAsync).WithTags("Operations").WithSummary("The server's own metrics in Prometheus text format.");
    }

    private static async Task<IResult> HealthAsync(IServerStore store, CancellationToken cancellationToken)
    {
        try
        {
            var agents = await store.Agents.ListAsync(cancellationToken).ConfigureAwait(false);
            return Results.Json(new { status = "ok", store = store.Description, agents = agents.Count }, EventDataJson.Options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Results.Json(new { status = "unavailable", store = store.Description, error = e.Message }, EventDataJson.Options, statusCode: 503);
        }
    }

    private static async Task MetricsAsync(HttpContext context, IServerStore store, ServerMetrics metrics, LiveFeed live)
    {
        var agents = await store.Agents.ListAsync(context.RequestAborted).ConfigureAwait(false);
        var byStatus = agents
            .GroupBy(a => a.RevokedAt is not null ? HostStatus.Revoked : a.Silent ? HostStatus.Silent : "reporting")
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var status in new[] { HostStatus.Revoked, HostStatus.Silent, "reporting" })
        {
            byStatus.TryAdd(status, 0);
        }
        var text = new StringWriter { NewLine = "\n" };
        metrics.Write(text, byStatus, live.Subscribers);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(text.ToString(), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }
}

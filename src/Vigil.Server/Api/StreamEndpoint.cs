using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Auth;
using Vigil.Server.Live;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>/api/v1/stream: server-sent events so the dashboard updates without reloading (batch, fleet, event).</summary>
public static class StreamEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stream", StreamAsync)
            .RequireAuthorization(AuthPolicies.Viewer)
            .WithTags("Live")
            .WithSummary("Server-sent events: batch (with ?host=), fleet ticks every 5 s, and every stored event.");
    }

    private static async Task StreamAsync(string? host, HttpContext context, IServerStore store, LiveFeed feed, TimeProvider time)
    {
        string? agentId = null;
        if (host is not null)
        {
            if (await store.Agents.FindAsync(host, context.RequestAborted).ConfigureAwait(false) is not { } agent)
            {
                await ApiErrors.WriteAsync(context, 404, HostEndpoints.NotFoundCode, HostEndpoints.NotFoundMessage(host)).ConfigureAwait(false);
                return;
            }
            agentId = agent.Id;
        }
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var reader = feed.Subscribe(agentId, context.RequestAborted);
        await context.Response.WriteAsync(": connected\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                wait.CancelAfter(KeepAlive);
                string frame;
                try
                {
                    var message = await reader.ReadAsync(wait.Token).ConfigureAwait(false);
                    frame = $"event: {message.Name}\ndata: {message.Json}\n\n";
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    frame = ": keep-alive\n\n";
                }
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException or IOException)
        {
            // The browser went away.
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// The /api/v1 endpoints the dashboard reads (see API-SPEC in the server's docs), answered from <see cref="FixtureState"/>
/// with the real contract's shapes, auth and errors. Stands in for the server until the dashboard tests run against it.
/// </summary>
public static partial class FixtureApi
{
    public static void Map(WebApplication app, FixtureState state, EventStream stream, Func<string> validToken, TimeProvider time)
    {
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilter(async (context, next) =>
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            return header == "Bearer " + validToken()
                ? await next(context)
                : Error(StatusCodes.Status401Unauthorized, "unauthorized", "missing or invalid API token");
        });

        api.MapGet("/me", () => Json(new JsonObject { ["name"] = "fixture-" + state.Role, ["role"] = state.Role }.ToJsonString()));
        api.MapGet("/hosts", (string? status) => Json(state.HostsJson(status)));
        api.MapGet("/hosts/{host}", (string host) =>
            state.HostJson(host) is { } json ? Json(json) : Error(404, "host_not_found", $"no host '{host}'"));
        api.MapGet("/hosts/{host}/metrics/{metric}", (string host, string metric, string? since) =>
        {
            if (state.HostJson(host) is null)
            {
                return Error(404, "host_not_found", $"no host '{host}'");
            }
            var from = time.GetUtcNow() - ParseDuration(since ?? "1h");
            return state.MetricJson(metric, from) is { } json ? Json(json) : Error(404, "metric_not_found", $"host reports no '{metric}'");
        });
        api.MapGet("/hosts/{host}/inventory/{kind}", (string host, string kind) =>
            state.InventoryJson(kind) is { } json ? Json(json) : Error(404, "inventory_not_found", $"no '{kind}' inventory"));
        api.MapGet("/hosts/{host}/drift", (string host) => Json(state.DriftJson()));
        api.MapGet("/hosts/{host}/history", (string host) => Json("""{"changes":[]}"""));
        api.MapGet("/anomalies", (string? host, [FromQuery(Name = "state")] string? wanted, string? since) =>
            Json(state.AnomaliesJson(host, wanted, since is null ? null : time.GetUtcNow() - ParseDuration(since))));
        api.MapGet("/hosts/{host}/anomalies", (string host, [FromQuery(Name = "state")] string? wanted, string? since) =>
            state.HostJson(host) is null
                ? Error(404, "host_not_found", $"no host '{host}'")
                : Json(state.AnomaliesJson(host, wanted, since is null ? null : time.GetUtcNow() - ParseDuration(since))));
        api.MapGet("/events", (string? type, string? host, int? limit) => Json(state.EventsJson(type, host, limit ?? 100)));
        api.MapGet("/stream", (HttpContext context, string? host) => Stream(context, stream, host));
        ComplianceFixtureApi.Map(api, state, time);
        MapBundles(api);
    }

    /// <summary>The bundle endpoints, answered from Fixtures/bundles.json in the server's shapes.</summary>
    private static void MapBundles(RouteGroupBuilder api)
    {
        var bundles = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bundles.json")))!;
        string Of(string? agent) => new System.Text.Json.Nodes.JsonObject
        {
            ["bundles"] = new System.Text.Json.Nodes.JsonArray([.. bundles["bundles"]!.AsArray()
                .Where(b => agent is null || (string)b!["agent_id"]! == agent || (string)b["host"]! == agent).Select(b => b!.DeepClone())]),
        }.ToJsonString();
        api.MapGet("/hosts/{host}/bundles", (string host) => Json(Of(host)));
        api.MapGet("/bundles", () => Json(Of(null)));
        api.MapGet("/bundles/stats", () => Json(bundles["stats"]!.ToJsonString()));
        api.MapGet("/bundles/{id}", (string id) =>
            bundles["details"]![id] is { } detail ? Json(detail.ToJsonString()) : Error(404, "bundle_not_found", $"no bundle '{id}'"));
        api.MapGet("/bundles/{id}/files/{**path}", (string id, string path, HttpContext context) =>
        {
            if (bundles["files"]![path] is not { } content)
            {
                return Error(404, "file_not_found", $"bundle {id} has no file '{path}'");
            }
            context.Response.Headers["Vigil-Truncated"] = "false";
            return Results.Text((string)content!, path.EndsWith(".html", StringComparison.Ordinal) ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
        });
        api.MapGet("/bundles/{a}/diff/{b}", (string a, string b) => Json(bundles["diff"]!.ToJsonString()));
        api.MapGet("/bundles/{id}/download", (string id) => Results.Bytes([0x28, 0xb5, 0x2f, 0xfd], "application/zstd", $"bundle-{id}.tar.zst"));
    }

    private static async Task Stream(HttpContext context, EventStream stream, string? host)
    {
        // Subscribe before the headers go out: a client that sees the response is sure to get what is published next.
        using var subscriber = stream.Subscribe(host);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": connected\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await foreach (var message in subscriber.Messages.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync($"event: {message.Type}\ndata: {message.Json}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away; nothing to tell it.
        }
    }

    private static IResult Json(string json) => Results.Content(json, "application/json");

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = code, ["message"] = message }, statusCode: status);

    private static TimeSpan ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            throw new BadHttpRequestException($"since: '{text}' is not a duration like 15m, 6h or 7d");
        }
        var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
    }

    [GeneratedRegex("^([0-9]+)(s|m|h|d)$")]
    private static partial Regex DurationPattern();
}

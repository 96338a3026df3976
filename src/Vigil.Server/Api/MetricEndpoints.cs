using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>/api/v1/hosts/{host}/metrics/{metric}: one metric over a range, bucketed and aggregated.</summary>
public static class MetricEndpoints
{
    /// <summary>At most this many buckets per series, so a year at 10 s cannot be asked for in one call.</summary>
    private const int MaxPoints = 11_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/hosts/{host}/metrics/{metric}", QueryAsync)
            .RequireAuthorization(AuthPolicies.Viewer)
            .WithTags("Metrics")
            .WithSummary("Time series of one metric: since=1h or from/to, step (default range/300), agg avg|min|max|sum|last|count, attr=k=v filters.");
    }

    private static async Task<IResult> QueryAsync(string host, string metric, string? since, string? from, string? to, string? step, string? agg,
        HttpContext context, IServerStore store, TimeProvider time)
    {
        if (await store.Agents.FindAsync(host, context.RequestAborted).ConfigureAwait(false) is not { } agent)
        {
            return HostEndpoints.NotFound(host);
        }
        var now = time.GetUtcNow();
        DateTimeOffset start, end = now;
        if (to is not null && !QueryValues.TryParseTime(to, out end))
        {
            return Invalid($"to: '{to}' is not an RFC 3339 time or Unix milliseconds");
        }
        if (from is not null)
        {
            if (!QueryValues.TryParseTime(from, out start))
            {
                return Invalid($"from: '{from}' is not an RFC 3339 time or Unix milliseconds");
            }
        }
        else if (QueryValues.TryParseDuration(since ?? "1h", out var range))
        {
            start = end - range;
        }
        else
        {
            return Invalid($"since: '{since}' is not a duration like 90s, 15m, 6h, 7d");
        }
        if (start >= end)
        {
            return Invalid("from must be before to");
        }
        TimeSpan bucket;
        if (step is null)
        {
            var auto = Math.Max(10, Math.Ceiling((end - start).TotalSeconds / 300 / 10) * 10);
            bucket = TimeSpan.FromSeconds(auto);
        }
        else if (!QueryValues.TryParseDuration(step, out bucket))
        {
            return Invalid($"step: '{step}' is not a duration like 10s, 1m, 1h");
        }
        if ((end - start) / bucket > MaxPoints)
        {
            return Invalid($"step: {step} over this range gives more than {MaxPoints} points; use a larger step");
        }
        var aggregation = Aggregation.Avg;
        if (agg is not null && !Enum.TryParse(agg, ignoreCase: true, out aggregation))
        {
            return Invalid($"agg: '{agg}' is not one of avg, min, max, sum, last, count");
        }
        var attributes = QueryValues.ParsePairs(context.Request.Query["attr"]);
        if (attributes is null)
        {
            return Invalid("attr: expected k=v");
        }
        var result = await store.Metrics.QueryAsync(new SeriesQuery
        {
            AgentId = agent.Id,
            Metric = metric,
            Attributes = attributes,
            From = start,
            To = end,
            Step = bucket,
            Aggregation = aggregation,
        }, context.RequestAborted).ConfigureAwait(false);
        if (result is null)
        {
            return ApiErrors.Result(404, "metric_not_found", $"host {agent.Hostname} has no metric '{metric}'");
        }
        return Results.Json(new
        {
            metric = result.Metric,
            unit = result.Unit,
            kind = result.Kind,
            tier = result.Tier,
            step_ms = result.StepMs,
            truncated = result.Truncated,
            series = result.Series.Select(s => new { attributes = s.Attributes, points = s.Points.Select(p => new[] { p.TimestampMs, p.Value }) }),
        }, EventDataJson.Options);
    }

    private static IResult Invalid(string message) => ApiErrors.Result(400, "invalid_query", message);
}

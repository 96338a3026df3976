using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Actions;
using Vigil.Server.Api;
using Vigil.Server.Audit;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Compliance;

/// <summary>
/// /api/v1/compliance: scores, results and evidence for viewers; exceptions created and revoked by admins;
/// remediations asked by operators (the real action then waits for an admin's approval in the action flow).
/// </summary>
public static class ComplianceEndpoints
{
    private const int MaxResults = 10_000;

    public static void Map(RouteGroupBuilder api)
    {
        var viewer = api.MapGroup("/").RequireAuthorization(AuthPolicies.Viewer).WithTags("Compliance");
        viewer.MapGet("/compliance/summary", (ComplianceViews views, string? policy, HttpContext context) => Json(views.SummaryAsync(policy, context.RequestAborted)))
            .WithSummary("Fleet and per-policy compliance scores with counts by effective status, and the fleet score's hourly history.");
        viewer.MapGet("/compliance/hosts", (ComplianceViews views, string? policy, HttpContext context) => Json(views.HostsAsync(policy, context.RequestAborted)))
            .WithSummary("Every evaluated host with its score and policies, worst first.");
        viewer.MapGet("/hosts/{host}/compliance", HostAsync).WithSummary("One host's current result of every check, with exceptions, since when, and its score history.");
        viewer.MapGet("/compliance/failing", (ComplianceViews views, string? policy, string? severity, HttpContext context) => Json(views.FailingAsync(policy, severity, context.RequestAborted)))
            .WithSummary("Checks failing (after exceptions) somewhere in the fleet, most hosts first.");
        viewer.MapGet("/compliance/results", ResultsAsync).WithSummary("Evidence rows in a time range, oldest first, with cursor paging (the export's input).");
        viewer.MapGet("/compliance/exceptions", async (ExceptionService exceptions, bool? all, HttpContext context) =>
            Results.Json(new { exceptions = await exceptions.ListAsync(all == true, context.RequestAborted).ConfigureAwait(false) }, EventDataJson.Options))
            .WithSummary("Exceptions (waivers and false positives), active and expired; all=true adds revoked ones.");
        // Creating, revoking and remediating pass any valid token to the service, which checks the role itself.
        viewer.MapPost("/compliance/exceptions", CreateExceptionAsync).WithSummary("Create an exception for a check on the hosts a selector matches (admin).");
        viewer.MapDelete("/compliance/exceptions/{id}", RevokeExceptionAsync).WithSummary("Revoke an exception (admin).");
        viewer.MapPost("/compliance/remediations", CreateRemediationAsync).WithSummary("Remediate a host's failing check: dry run, then the real action through approval, then re-evaluation (operator).");
        viewer.MapGet("/compliance/remediations", async (IServerStore store, string? host, HttpContext context) =>
        {
            var (agentId, missing) = await HostEndpoints.FilterAsync(host, store, context.RequestAborted).ConfigureAwait(false);
            if (missing is not null)
            {
                return missing;
            }
            var list = await store.Compliance.RemediationsAsync(agentId, openOnly: false, 500, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new { remediations = list.Select(RemediationService.View) }, EventDataJson.Options);
        }).WithSummary("Remediations, newest first.");
        viewer.MapGet("/compliance/remediations/{id}", async (IServerStore store, string id, HttpContext context) =>
            await store.Compliance.RemediationAsync(id, context.RequestAborted).ConfigureAwait(false) is { } r
                ? Results.Json(RemediationService.View(r), EventDataJson.Options)
                : ApiErrors.Result(404, "remediation_not_found", $"no remediation {id}"))
            .WithSummary("One remediation: its dry run, action, verification and state.");
        var admin = api.MapGroup("/").RequireAuthorization(AuthPolicies.Admin).WithTags("Compliance");
        admin.MapGet("/compliance/verify", (AuditLog audit, ServerOptions options) => Results.Json(ComplianceVerifier.Verify(audit.Path, options.DatabasePath), EventDataJson.Options))
            .WithSummary("Re-hashes every stored evidence row against the audit log's seals: intact, or the first altered row.");
    }

    private static async Task<IResult> Json(Task<object> view) => Results.Json(await view.ConfigureAwait(false), EventDataJson.Options);

    private static async Task<IResult> HostAsync(string host, IServerStore store, ComplianceViews views, HttpContext context)
    {
        var agent = await store.Agents.FindAsync(host, context.RequestAborted).ConfigureAwait(false);
        return agent is null
            ? HostEndpoints.NotFound(host)
            : Results.Json(await views.HostAsync(agent, context.RequestAborted).ConfigureAwait(false), EventDataJson.Options);
    }

    private static async Task<IResult> ResultsAsync(ComplianceViews views, IServerStore store, HttpContext context, string? from, string? to, string? policy, string? host,
        string? framework, int? limit, string? after)
    {
        if (!QueryValues.TryParseTime(from, out var start))
        {
            return ApiErrors.Result(400, "invalid_query", $"from: '{from}' is not a time (ISO-8601 or Unix ms); it is required");
        }
        if (!QueryValues.TryParseTime(to, out var end))
        {
            return ApiErrors.Result(400, "invalid_query", $"to: '{to}' is not a time (ISO-8601 or Unix ms); it is required");
        }
        if (limit is < 1 or > MaxResults)
        {
            return ApiErrors.Result(400, "invalid_query", $"limit: from 1 to {MaxResults}");
        }
        (long, long)? cursor = null;
        if (after is not null)
        {
            var parts = after.Split('.');
            if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var t) || !long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return ApiErrors.Result(400, "invalid_query", $"after: '{after}' is not a cursor this endpoint returned");
            }
            cursor = (t, id);
        }
        var (agentId, missing) = await HostEndpoints.FilterAsync(host, store, context.RequestAborted).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }
        var (results, next) = await views.ResultsAsync(new EvidenceQuery(start, end, policy, agentId, framework, limit ?? 1000, cursor), context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { results, next }, EventDataJson.Options);
    }

    private static Task<IResult> CreateExceptionAsync(ExceptionRequest? body, HttpContext context, ExceptionService exceptions, TimeProvider time) =>
        Problem(async () => Results.Json(ExceptionService.View(await exceptions.CreateAsync(Caller.From(context.User), body, context.RequestAborted).ConfigureAwait(false), time.GetUtcNow(), null),
            EventDataJson.Options, statusCode: 201));

    private static Task<IResult> RevokeExceptionAsync(string id, HttpContext context, ExceptionService exceptions, TimeProvider time) =>
        Problem(async () => Results.Json(ExceptionService.View(await exceptions.RevokeAsync(Caller.From(context.User), id, context.RequestAborted).ConfigureAwait(false), time.GetUtcNow(), null),
            EventDataJson.Options));

    private static Task<IResult> CreateRemediationAsync(RemediationRequest? body, HttpContext context, RemediationService remediations) =>
        Problem(async () => Results.Json(RemediationService.View(await remediations.CreateAsync(Caller.From(context.User), body, context.RequestAborted).ConfigureAwait(false)),
            EventDataJson.Options, statusCode: 201));

    private static async Task<IResult> Problem(Func<Task<IResult>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (ActionProblemException problem)
        {
            return ApiErrors.Result(problem.Status, problem.Code, problem.Message);
        }
    }
}

using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Api;
using Vigil.Server.Auth;
using Vigil.Server.Events;

namespace Vigil.Server.Actions;

/// <summary>
/// The operator's API for remote actions. Viewers see actions and results; operators request read-only actions;
/// privileged ones need an admin and, by default, a second admin's approval.
/// </summary>
public static class ActionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var viewer = api.MapGroup("/").RequireAuthorization(AuthPolicies.Viewer).WithTags("Actions");
        viewer.MapGet("/actions/catalog", () => Results.Json(ActionViews.Catalog(), EventDataJson.Options)).WithSummary("Every action: parameters and result as JSON Schema, and whether it is privileged.");
        viewer.MapGet("/actions", List).WithSummary("Recent actions, newest first, with counts of hosts by state.");
        viewer.MapGet("/actions/{id}", Get).WithSummary("One action and every host's result.");
        viewer.MapGet("/action-groups", Groups).WithSummary("Saved groups: named label selectors to target actions at.");
        // Requests and decisions pass any valid token to the service, which checks the role itself so that a refused attempt is audited too.
        viewer.MapPost("/actions", RequestAsync).WithSummary("Run an action on a host, a label selector or a saved group (operator; privileged actions: admin).");
        viewer.MapPost("/actions/{id}/reject", Reject).WithSummary("Reject a privileged action waiting for approval (admin, or its requester to cancel).");
        viewer.MapPost("/actions/{id}/approve", Approve).WithSummary("Approve a privileged action someone else requested (admin); it is signed and sent.");
        var admin = api.MapGroup("/").RequireAuthorization(AuthPolicies.Admin).WithTags("Actions");
        admin.MapPut("/action-groups/{name}", SaveGroup).WithSummary("Save a group: a name for a label selector.");
    }

    private static IResult List(ActionService actions, int? limit)
    {
        var list = actions.Store.List(Math.Clamp(limit ?? 50, 1, 500));
        var counts = actions.Store.Counts(list.Select(a => a.Id).ToList());
        return Results.Json(new { actions = list.Select(a => ActionViews.Summary(a, counts[a.Id])) }, EventDataJson.Options);
    }

    private static IResult Get(ActionService actions, string id) => actions.Store.Get(id) is { } action
        ? Results.Json(ActionViews.Detail(action, actions.Store.Deliveries(id)), EventDataJson.Options)
        : ApiErrors.Result(404, "action_not_found", $"no action {id}");

    private static async Task<IResult> RequestAsync(ActionRequestBody? body, HttpContext context, ActionService actions)
    {
        if (body is null)
        {
            return ApiErrors.Result(400, "malformed_request", "body: {action, parameters, host | select | group}");
        }
        try
        {
            var action = await actions.RequestAsync(Caller.From(context.User), body, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(ActionViews.Detail(action, actions.Store.Deliveries(action.Id)), EventDataJson.Options, statusCode: 201);
        }
        catch (ActionProblemException problem)
        {
            return ApiErrors.Result(problem.Status, problem.Code, problem.Message);
        }
    }

    private static IResult Approve(string id, HttpContext context, ActionService actions) => Decide(() => actions.Approve(Caller.From(context.User), id), actions);

    private static IResult Reject(string id, RejectBody? body, HttpContext context, ActionService actions) => Decide(() => actions.Reject(Caller.From(context.User), id, body?.Reason), actions);

    private static IResult Decide(Func<StoredAction> decide, ActionService actions)
    {
        try
        {
            var action = decide();
            return Results.Json(ActionViews.Detail(action, actions.Store.Deliveries(action.Id)), EventDataJson.Options);
        }
        catch (ActionProblemException problem)
        {
            return ApiErrors.Result(problem.Status, problem.Code, problem.Message);
        }
    }

    private static IResult Groups(ActionService actions) => Results.Json(new
    {
        groups = actions.Store.Groups().Select(g => new { name = g.Name, select = g.Selector, created_by = g.CreatedBy, created_at = g.CreatedAt }),
    }, EventDataJson.Options);

    private static IResult SaveGroup(string name, GroupBody? body, HttpContext context, ActionService actions, TimeProvider time)
    {
        if (body?.Select is not { Length: > 0 } select)
        {
            return ApiErrors.Result(400, "invalid_selector", "select: a label selector such as role=db,os=debian");
        }
        try
        {
            _ = TargetSelector.Parse(select);
        }
        catch (ActionProblemException problem)
        {
            return ApiErrors.Result(problem.Status, problem.Code, problem.Message);
        }
        actions.Store.SaveGroup(name, select, Caller.From(context.User).Name, time.GetUtcNow());
        return Results.Json(new { name, select }, EventDataJson.Options);
    }

    public sealed record RejectBody([property: JsonPropertyName("reason")] string? Reason);

    public sealed record GroupBody([property: JsonPropertyName("select")] string? Select);
}

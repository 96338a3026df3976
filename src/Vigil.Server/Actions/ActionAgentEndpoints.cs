using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Protocol.Actions;
using Vigil.Server.Agents;
using Vigil.Server.Api;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Actions;

/// <summary>
/// The agent's side of the action channel, over mutual TLS: a long poll that answers the moment an action is queued
/// (and re-reads the store every few seconds, so a delivery queued by another server replica is found too), and the
/// results endpoint. A revoked agent is refused on both, at once.
/// </summary>
public static class ActionAgentEndpoints
{
    /// <summary>How often a held poll re-reads the store even without a wake-up.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ActionApi.PollPath, PollAsync).ExcludeFromDescription();
        app.MapPost(ActionApi.ResultsPath, ResultAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> PollAsync(HttpContext context, ServerPki pki, IServerStore store, ActiveAgents active, ActionService actions, AgentMailbox mailbox, TimeProvider time)
    {
        var (agentId, refusal) = await ClientAgent.ResolveIdAsync(context, pki, store, active).ConfigureAwait(false);
        if (agentId is null)
        {
            return refusal!;
        }
        var wait = 0;
        if (context.Request.Query["wait"] is { Count: > 0 } text
            && (!int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out wait) || wait > ActionApi.MaxWaitSeconds))
        {
            return ApiErrors.Result(400, "invalid_wait", $"wait: seconds from 0 to {ActionApi.MaxWaitSeconds}");
        }
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(wait);
        var cancellation = context.RequestAborted;
        while (true)
        {
            var (stillActive, stored) = await active.CheckAsync(agentId, store, cancellation).ConfigureAwait(false);
            if (!stillActive)
            {
                return ApiErrors.Result(403, "agent_revoked", $"agent {agentId} was revoked at {stored?.RevokedAt:u}");
            }
            var taken = actions.Take(agentId);
            var remaining = deadline - time.GetUtcNow();
            if (taken.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return Results.Json(new ActionPoll { Actions = taken }, ActionJsonContext.Default.ActionPoll);
            }
            try
            {
                await mailbox.WaitAsync(agentId, remaining < Recheck ? remaining : Recheck, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return Results.Empty; // the agent went away; nothing was taken
            }
        }
    }

    private static async Task<IResult> ResultAsync(HttpContext context, ServerPki pki, IServerStore store, ActiveAgents active, ActionService actions)
    {
        var (agentId, refusal) = await ClientAgent.ResolveIdAsync(context, pki, store, active).ConfigureAwait(false);
        if (agentId is null)
        {
            return refusal!;
        }
        ActionResult? result;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        try
        {
            result = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ActionJsonContext.Default.ActionResult);
        }
        catch (JsonException e)
        {
            return ApiErrors.Result(400, "malformed_result", $"action result is not valid JSON: {e.Message.Split(" Path:")[0]}");
        }
        if (result is null)
        {
            return ApiErrors.Result(400, "malformed_result", "empty action result");
        }
        return actions.Record(agentId, result, (int)buffer.Length)
            ? Results.Json(new ActionPoll { Actions = [] }, ActionJsonContext.Default.ActionPoll)
            : ApiErrors.Result(409, "not_delivered", $"delivery {result.DeliveryId} is not one this agent holds (unknown, another host's, or already answered)");
    }
}

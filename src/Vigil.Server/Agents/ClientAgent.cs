using Microsoft.AspNetCore.Http;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Agents;

/// <summary>Resolves the calling agent from its TLS client certificate and refuses unknown and revoked agents with a reason.</summary>
public static class ClientAgent
{
    /// <summary>The agent as stored now (for renewal, which needs its current certificate serial and labels).</summary>
    public static async Task<(Agent? Agent, IResult? Refusal)> ResolveAsync(HttpContext context, ServerPki pki, IServerStore store)
    {
        var (agentId, refusal) = await CertifiedIdAsync(context, pki).ConfigureAwait(false);
        if (agentId is null)
        {
            return (null, refusal);
        }
        var agent = await store.Agents.GetAsync(agentId, context.RequestAborted).ConfigureAwait(false);
        return agent is { RevokedAt: null } ? (agent, null) : (null, Refuse(agentId, agent));
    }

    /// <summary>The agent's id, checked against <paramref name="active"/> (no store read for an agent seen before): for the per-batch path.</summary>
    public static async Task<(string? AgentId, IResult? Refusal)> ResolveIdAsync(HttpContext context, ServerPki pki, IServerStore store, ActiveAgents active)
    {
        var (agentId, refusal) = await CertifiedIdAsync(context, pki).ConfigureAwait(false);
        if (agentId is null)
        {
            return (null, refusal);
        }
        var (isActive, stored) = await active.CheckAsync(agentId, store, context.RequestAborted).ConfigureAwait(false);
        return isActive ? (agentId, null) : (null, Refuse(agentId, stored));
    }

    private static async Task<(string? AgentId, IResult? Refusal)> CertifiedIdAsync(HttpContext context, ServerPki pki)
    {
        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false);
        if (certificate is null)
        {
            return (null, Api.ApiErrors.Result(401, "client_certificate_required", "this endpoint needs the agent's client certificate (mutual TLS); enroll first"));
        }
        var check = pki.CheckClient(certificate);
        return check.IsValid ? (check.AgentId!, null) : (null, Api.ApiErrors.Result(401, "client_certificate_invalid", check.Problem!));
    }

    private static IResult Refuse(string agentId, Agent? agent) => agent is { RevokedAt: { } revoked }
        ? Api.ApiErrors.Result(403, "agent_revoked", $"agent {agent.Id} was revoked at {revoked:u}")
        : Api.ApiErrors.Result(403, "unknown_agent", $"agent {agentId} is not enrolled here");
}

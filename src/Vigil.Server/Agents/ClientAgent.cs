using Microsoft.AspNetCore.Http;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Agents;

/// <summary>Resolves the calling agent from its TLS client certificate and refuses unknown and revoked agents with a reason.</summary>
public static class ClientAgent
{
    public static async Task<(Agent? Agent, IResult? Refusal)> ResolveAsync(HttpContext context, ServerPki pki, IServerStore store)
    {
        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false);
        if (certificate is null)
        {
            return (null, Api.ApiErrors.Result(401, "client_certificate_required", "this endpoint needs the agent's client certificate (mutual TLS); enroll first"));
        }
        var check = pki.CheckClient(certificate);
        if (!check.IsValid)
        {
            return (null, Api.ApiErrors.Result(401, "client_certificate_invalid", check.Problem!));
        }
        var agent = await store.Agents.GetAsync(check.AgentId!, context.RequestAborted).ConfigureAwait(false);
        if (agent is null)
        {
            return (null, Api.ApiErrors.Result(403, "unknown_agent", $"agent {check.AgentId} is not enrolled here"));
        }
        if (agent.RevokedAt is { } revoked)
        {
            return (null, Api.ApiErrors.Result(403, "agent_revoked", $"agent {agent.Id} was revoked at {revoked:u}"));
        }
        return (agent, null);
    }
}

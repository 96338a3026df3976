using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Protocol;
using Vigil.Server.Api;
using Vigil.Server.Events;
using Vigil.Server.Observability;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Agents;

/// <summary>POST /v1/agent/renew: an agent with a valid certificate gets a new one for a fresh key, plus the current CA bundle.</summary>
public sealed class RenewHandler(IServerStore store, ServerPki pki, TimeProvider time, ServerMetrics metrics, Actions.ActionSigningKey actionKey)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (agent, refusal) = await ClientAgent.ResolveAsync(context, pki, store).ConfigureAwait(false);
        if (agent is null)
        {
            return refusal!;
        }
        RenewRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, ProtocolJsonContext.Default.RenewRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return ApiErrors.Result(400, "malformed_request", $"renew request is not valid JSON: {e.Message.Split(" Path:")[0]}");
        }
        if (request is null || string.IsNullOrWhiteSpace(request.CsrPem))
        {
            return ApiErrors.Result(400, "malformed_request", "csr: missing");
        }
        IssuedCertificate issued;
        try
        {
            issued = pki.SignAgent(agent.Id, request.CsrPem);
        }
        catch (CsrRejectedException e)
        {
            return ApiErrors.Result(400, "invalid_csr", e.Message);
        }
        await store.Agents.UpdateCertificateAsync(agent.Id, issued.SerialHex, issued.NotAfter, context.RequestAborted).ConfigureAwait(false);
        metrics.Renewed();
        var now = time.GetUtcNow();
        await store.Events.AppendAsync(
            [EventFactory.ForAgent($"{agent.Id}:renewed:{issued.SerialHex}", EventTypes.CertificateRenewed, agent.Id, agent.Id, now,
                new { serial = issued.SerialHex, not_after = issued.NotAfter, previous_serial = agent.CertificateSerial, trust_version = pki.TrustVersion })],
            context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new CertificateResponse
        {
            AgentId = agent.Id,
            CertificatePem = issued.CertificatePem,
            CaBundlePem = pki.TrustBundlePem,
            TrustVersion = pki.TrustVersion,
            RenewAfterUnixMs = issued.RenewAfter.ToUnixTimeMilliseconds(),
            Labels = agent.Labels,
            ActionKeyPem = actionKey.PublicKeyPem,
        }, ProtocolJsonContext.Default.CertificateResponse);
    }
}

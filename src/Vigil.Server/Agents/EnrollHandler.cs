using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Protocol;
using Vigil.Server.Api;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Live;
using Vigil.Server.Observability;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Agents;

/// <summary>POST /v1/agent/enroll: one-time token + CSR in, signed client certificate + CA bundle out.</summary>
public sealed class EnrollHandler(IServerStore store, ServerPki pki, TimeProvider time, ServerMetrics metrics, Actions.ActionSigningKey actionKey, LiveFeed live)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        EnrollRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, ProtocolJsonContext.Default.EnrollRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return ApiErrors.Result(400, "malformed_request", $"enroll request is not valid JSON: {e.Message.Split(" Path:")[0]}");
        }
        if (request is null || string.IsNullOrWhiteSpace(request.Hostname) || string.IsNullOrWhiteSpace(request.CsrPem))
        {
            return ApiErrors.Result(400, "malformed_request", "enroll request needs token, csr and hostname");
        }
        if (!TokenSecret.TryParse(request.Token, TokenSecret.EnrollmentKind, out var secret))
        {
            return ApiErrors.Result(401, "invalid_token", "token: not an enrollment token (expected vgl_e_…)");
        }
        var token = await store.Tokens.FindEnrollmentTokenAsync(secret.Id, context.RequestAborted).ConfigureAwait(false);
        if (token is null || !secret.Matches(token.SecretHash))
        {
            return ApiErrors.Result(401, "invalid_token", "token: unknown enrollment token");
        }
        var agentId = AgentIds.New();
        IssuedCertificate issued;
        try
        {
            issued = pki.SignAgent(agentId, request.CsrPem);
        }
        catch (CsrRejectedException e)
        {
            return ApiErrors.Result(400, "invalid_csr", e.Message);
        }
        var now = time.GetUtcNow();
        var agent = new Agent
        {
            Id = agentId,
            Hostname = request.Hostname.Trim(),
            MachineId = request.MachineId,
            AgentVersion = request.AgentVersion,
            Labels = token.Labels,
            EnrolledAt = now,
            CertificateSerial = issued.SerialHex,
            CertificateNotAfter = issued.NotAfter,
        };
        var outcome = await store.Agents.EnrollAsync(token.Id, agent, now, context.RequestAborted).ConfigureAwait(false);
        switch (outcome)
        {
            case EnrollOutcome.TokenUnknown:
                return ApiErrors.Result(401, "invalid_token", "token: unknown enrollment token");
            case EnrollOutcome.TokenAlreadyUsed:
                return ApiErrors.Result(409, "token_used", "token: this enrollment token was already used; create another with `vigil token create`");
            case EnrollOutcome.TokenExpired:
                return ApiErrors.Result(401, "token_expired", $"token: expired at {token.ExpiresAt:u}");
        }
        metrics.Enrolled();
        var enrolled = EventFactory.ForAgent($"{agentId}:enrolled", EventTypes.HostEnrolled, agentId, agentId, now,
            new { hostname = agent.Hostname, labels = agent.Labels, machine_id = agent.MachineId, agent_version = agent.AgentVersion, certificate_serial = issued.SerialHex, token = token.Id });
        await store.Events.AppendAsync([enrolled], context.RequestAborted).ConfigureAwait(false);
        live.Publish(LiveEvents.Of(enrolled));
        return Results.Json(Response(agentId, issued, token.Labels), ProtocolJsonContext.Default.CertificateResponse);
    }

    private CertificateResponse Response(string agentId, IssuedCertificate issued, IReadOnlyDictionary<string, string> labels) => new()
    {
        AgentId = agentId,
        CertificatePem = issued.CertificatePem,
        CaBundlePem = pki.TrustBundlePem,
        TrustVersion = pki.TrustVersion,
        RenewAfterUnixMs = issued.RenewAfter.ToUnixTimeMilliseconds(),
        Labels = labels,
        ActionKeyPem = actionKey.PublicKeyPem,
    };
}

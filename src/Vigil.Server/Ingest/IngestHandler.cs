using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.Protocol;
using Vigil.Server.Agents;
using Vigil.Server.Api;
using Vigil.Server.Compliance;
using Vigil.Server.Live;
using Vigil.Server.Observability;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Ingest;

/// <summary>
/// POST /v1/agent/batches. Authenticate (client certificate), decode and validate, then commit, and only then
/// acknowledge. A refusal at any step stores nothing; a resent sequence is answered 409 <c>duplicate</c>.
/// </summary>
public sealed partial class IngestHandler(IServerStore store, ServerPki pki, ActiveAgents active, TimeProvider time, ServerMetrics metrics, LiveFeed live, IngestLimits limits,
    ComplianceSealer sealer, ILogger<IngestHandler> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.Headers[AgentApi.TrustVersionHeader] = pki.TrustVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (agentId, refusal) = await ClientAgent.ResolveIdAsync(context, pki, store, active).ConfigureAwait(false);
        if (agentId is null)
        {
            metrics.BatchRefused();
            return refusal!;
        }
        Batch batch;
        int wireBytes;
        try
        {
            if (context.Request.Headers[AgentApi.SchemaVersionHeader].ToString() is { Length: > 0 } header
                && (!int.TryParse(header, System.Globalization.CultureInfo.InvariantCulture, out var declared) || declared is < SchemaVersions.OldestSupported or > SchemaVersions.Current))
            {
                throw new BatchRejectedException(400, "unsupported_schema_version",
                    $"{AgentApi.SchemaVersionHeader} '{header}' is not supported; this server accepts {SchemaVersions.OldestSupported} to {SchemaVersions.Current}");
            }
            if (context.Request.ContentLength > limits.MaxBodyBytes)
            {
                throw new BatchRejectedException(413, "payload_too_large", $"request body of {context.Request.ContentLength} bytes exceeds {limits.MaxBodyBytes}");
            }
            (batch, wireBytes) = await BatchDecoder.DecodeAsync(context.Request.Body, context.Request.Headers.ContentEncoding.ToString(), limits, context.RequestAborted).ConfigureAwait(false);
            BatchValidator.Validate(batch, agentId, limits);
        }
        catch (BatchRejectedException e)
        {
            metrics.BatchRejected();
            LogRejected(agentId, e.Code, e.Message);
            return ApiErrors.Result(e.Status, e.Code, e.Message);
        }

        var ingest = new IngestBatch
        {
            AgentId = agentId,
            Batch = batch,
            ReceivedAt = time.GetUtcNow(),
            WireBytes = wireBytes,
            Events = BatchEvents.Derive(agentId, batch),
        };
        var result = await store.Ingest.CommitAsync(ingest, context.RequestAborted).ConfigureAwait(false);
        switch (result.Status)
        {
            case IngestStatus.Duplicate:
                metrics.BatchDuplicate();
                return ApiErrors.Result(409, "duplicate", $"seq {batch.Sequence} is already stored", result.LastSequence);
            case IngestStatus.OutOfOrder:
                metrics.BatchOutOfOrder();
                return ApiErrors.Result(409, "out_of_order", $"seq {batch.Sequence} is below the last stored sequence {result.LastSequence} and was never stored", result.LastSequence);
            case IngestStatus.Refused:
                metrics.BatchRefused();
                return ApiErrors.Result(403, "agent_revoked", $"agent {agentId} is revoked or no longer enrolled");
        }
        metrics.BatchStored(wireBytes, batch.Records.Count, batch.Records.Sum(r => r is MetricsRecord m ? m.Metrics.Count : 0), Stopwatch.GetElapsedTime(started));
        if (batch.Records.Any(r => r is AnomalyRecord))
        {
            metrics.AnomalyRecordsStored(
                batch.Records.Count(r => r is AnomalyRecord { State: AnomalyState.Open }),
                batch.Records.Count(r => r is AnomalyRecord { State: AnomalyState.Closed }));
        }
        if (batch.Records.Any(r => r is ComplianceRecord))
        {
            // Evidence is sealed into the audit log right after it is committed (and at start, for a crash in between).
            await sealer.SealAsync(CancellationToken.None).ConfigureAwait(false);
        }
        live.Publish(LiveEvents.Batch(agentId, batch.CreatedUnixMs));
        foreach (var e in ingest.Events.Concat(result.Changes))
        {
            live.Publish(LiveEvents.Of(e));
        }
        return Results.Json(new IngestAck { Acked = batch.Sequence }, ProtocolJsonContext.Default.IngestAck);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Rejected a batch from {AgentId}: {Code}: {Reason}")]
    private partial void LogRejected(string agentId, string code, string reason);
}

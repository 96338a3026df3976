using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Vigil.Blobs;
using Vigil.Protocol.Bundles;
using Vigil.Server.Agents;
using Vigil.Server.Api;
using Vigil.Server.Events;
using Vigil.Server.Live;
using Vigil.Server.Pki;
using Vigil.Server.Storage;

namespace Vigil.Server.Bundles;

/// <summary>
/// The agent's side of bundle upload (see <see cref="BundleApi"/>), over mutual TLS like ingest: an unknown or
/// revoked agent is refused on every call. Bad input is a 4xx naming what is wrong, and nothing of it is stored.
/// </summary>
public static partial class BundleAgentEndpoints
{
    /// <summary>The largest commit body (snapshot and manifest JSON): 64 MiB, a bundle of several hundred thousand files.</summary>
    private const long MaxCommitBytes = 64L * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(BundleApi.MissingPath, MissingAsync).ExcludeFromDescription();
        app.MapPut(BundleApi.BlobsPath + "/{id}", PutAsync).ExcludeFromDescription();
        app.MapPost(BundleApi.CommitPath, CommitAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> MissingAsync(HttpContext context, ServerPki pki, IServerStore store, ActiveAgents active, BundleBlobs blobs)
    {
        var (agentId, refusal) = await ClientAgent.ResolveIdAsync(context, pki, store, active).ConfigureAwait(false);
        if (agentId is null)
        {
            return refusal!;
        }
        var (request, error) = await ReadJsonAsync(context, MaxCommitBytes, BundleUploadJsonContext.Default.BundleMissingRequest).ConfigureAwait(false);
        if (request is null)
        {
            return error!;
        }
        if (request.Blobs.Count > BundleApi.MaxIdsPerRequest)
        {
            return ApiErrors.Result(413, "too_many_blobs", $"blobs: {request.Blobs.Count} ids, at most {BundleApi.MaxIdsPerRequest} per request");
        }
        var ids = new List<BlobId>(request.Blobs.Count);
        for (var i = 0; i < request.Blobs.Count; i++)
        {
            if (!BlobId.TryParse(request.Blobs[i], out var id))
            {
                return ApiErrors.Result(400, "invalid_blob_id", $"blobs[{i}]: '{request.Blobs[i]}' is not a 64-digit hex SHA-256");
            }
            ids.Add(id);
        }
        var missing = await blobs.MissingAsync(agentId + "/" + request.BundleId, ids, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new BundleMissingResponse { Missing = [.. missing.Select(m => m.ToHex())] }, BundleUploadJsonContext.Default.BundleMissingResponse);
    }

    private static async Task<IResult> PutAsync(string id, string? type, HttpContext context, ServerPki pki, IServerStore store, ActiveAgents active, BundleBlobs blobs)
    {
        var (agentId, refusal) = await ClientAgent.ResolveIdAsync(context, pki, store, active).ConfigureAwait(false);
        if (agentId is null)
        {
            return refusal!;
        }
        if (!BlobId.TryParse(id, out var blobId))
        {
            return ApiErrors.Result(400, "invalid_blob_id", $"'{id}' is not a 64-digit hex SHA-256");
        }
        BlobType blobType;
        switch (type)
        {
            case "data" or null:
                blobType = BlobType.Data;
                break;
            case "list":
                blobType = BlobType.List;
                break;
            default:
                return ApiErrors.Result(400, "invalid_blob_type", $"type: '{type}' is not data or list");
        }
        var (body, error) = await ReadBodyAsync(context, BundleApi.MaxBlobBytes).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }
        try
        {
            await blobs.PutAsync(blobId, blobType, body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CorruptObjectException e)
        {
            return ApiErrors.Result(422, "blob_mismatch", e.Message);
        }
        return Results.NoContent();
    }

    private static async Task<IResult> CommitAsync(HttpContext context, ServerPki pki, IServerStore store, ActiveAgents active, BundleBlobs blobs,
        BundleCatalog catalog, LiveFeed live, TimeProvider time, ILoggerFactory loggers)
    {
        var (agentId, refusal) = await ClientAgent.ResolveIdAsync(context, pki, store, active).ConfigureAwait(false);
        if (agentId is null)
        {
            return refusal!;
        }
        var (request, error) = await ReadJsonAsync(context, MaxCommitBytes, BundleUploadJsonContext.Default.BundleCommitRequest).ConfigureAwait(false);
        if (request is null)
        {
            return error!;
        }
        var (snapshot, problem) = BundleCommitValidator.Validate(request, agentId);
        if (snapshot is null)
        {
            return ApiErrors.Result(400, "invalid_bundle", problem!);
        }
        var manifest = request.Manifest;
        if (catalog.Get(manifest.Id) is { } existing)
        {
            return existing.AgentId == agentId
                ? Committed(existing, alreadyStored: true)
                : ApiErrors.Result(409, "bundle_exists", $"bundle {manifest.Id} was uploaded by another agent");
        }
        string snapshotId;
        long newBytes;
        try
        {
            (snapshotId, newBytes) = await blobs.CommitAsync(agentId + "/" + manifest.Id, snapshot, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            return ApiErrors.Result(409, BundleApi.BlobsMissingCode, e.Message);
        }
        var agent = await store.Agents.GetAsync(agentId, context.RequestAborted).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var stored = new StoredBundle
        {
            Id = manifest.Id,
            AgentId = agentId,
            Host = agent?.Hostname ?? manifest.Host,
            Created = manifest.Created,
            Received = now,
            Profile = manifest.Profile,
            Trigger = manifest.Trigger,
            SnapshotId = snapshotId,
            LogicalBytes = snapshot.LogicalBytes,
            NewBytes = newBytes,
            FileCount = snapshot.Files.Count(f => f.Type == "file"),
            Redactions = manifest.Redactions,
            ProblemsJson = JsonSerializer.Serialize(manifest.Problems, EventDataJson.Options),
            ManifestJson = JsonSerializer.Serialize(manifest, BundleJsonContext.Default.BundleManifest),
        };
        if (!catalog.TryAdd(stored))
        {
            // Another commit of the same bundle won the race; answer what it stored.
            var first = catalog.Get(manifest.Id)!;
            return first.AgentId == agentId ? Committed(first, alreadyStored: true) : ApiErrors.Result(409, "bundle_exists", $"bundle {manifest.Id} was uploaded by another agent");
        }
        var received = EventFactory.ForAgent($"{agentId}:bundle:{manifest.Id}", EventTypes.BundleReceived, agentId, $"{agentId}/bundles/{manifest.Id}", now,
            new
            {
                bundle_id = manifest.Id,
                snapshot_id = snapshotId,
                profile = manifest.Profile,
                trigger = manifest.Trigger,
                files = stored.FileCount,
                logical_bytes = stored.LogicalBytes,
                new_bytes = newBytes,
                redactions = manifest.Redactions,
                problems = manifest.Problems.Count
            });
        await store.Events.AppendAsync([received], context.RequestAborted).ConfigureAwait(false);
        live.Publish(LiveEvents.Of(received));
        var logger = loggers.CreateLogger(typeof(BundleAgentEndpoints).FullName!);
        LogReceived(logger, manifest.Id, agentId, stored.LogicalBytes, newBytes);
        return Committed(stored, alreadyStored: false);
    }

    private static IResult Committed(StoredBundle b, bool alreadyStored) => Results.Json(
        new BundleCommitResponse { BundleId = b.Id, SnapshotId = b.SnapshotId, LogicalBytes = b.LogicalBytes, NewBytes = b.NewBytes, AlreadyStored = alreadyStored },
        BundleUploadJsonContext.Default.BundleCommitResponse);

    private static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpContext context, long limit, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        var (body, error) = await ReadBodyAsync(context, limit).ConfigureAwait(false);
        if (body is null)
        {
            return (null, error);
        }
        try
        {
            var value = JsonSerializer.Deserialize(body, type);
            return value is null ? (null, ApiErrors.Result(400, "malformed_request", "empty request body")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.Result(400, "malformed_request", $"request body is not valid: {e.Message}"));
        }
    }

    /// <summary>The whole body, or 413 past <paramref name="limit"/> (checked on the declared length and while reading).</summary>
    private static async Task<(byte[]? Body, IResult? Error)> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 1;
        }
        if (context.Request.ContentLength > limit)
        {
            return (null, ApiErrors.Result(413, "payload_too_large", $"request body of {context.Request.ContentLength} bytes exceeds {limit}"));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, ApiErrors.Result(413, "payload_too_large", $"request body exceeds {limit} bytes"));
            }
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Stored bundle {BundleId} from {AgentId}: {LogicalBytes} bytes, {NewBytes} new")]
    private static partial void LogReceived(ILogger logger, string bundleId, string agentId, long logicalBytes, long newBytes);
}

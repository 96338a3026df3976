using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Blobs.Snapshots;
using Vigil.Protocol.Bundles;
using Vigil.Server.Api;
using Vigil.Server.Auth;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Bundles;

/// <summary>/api/v1/bundles: a host's diagnostic bundles, one bundle's manifest and files, a file's content, the bundle re-assembled, a diff, dedup statistics, retention.</summary>
public static class BundleEndpoints
{
    /// <summary>The most of one file the file endpoint returns (4 MiB); the download has all of it.</summary>
    public const int MaxViewBytes = 4 * 1024 * 1024;

    /// <summary>report.html is the agent's own, but it shows text taken from the host: it may run nothing and load nothing.</summary>
    public const string ReportPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/hosts/{host}/bundles", HostBundlesAsync).RequireAuthorization(AuthPolicies.Viewer).WithTags("Bundles")
            .WithSummary("A host's diagnostic bundles, newest first.");
        var bundles = api.MapGroup("/bundles").RequireAuthorization(AuthPolicies.Viewer).WithTags("Bundles");
        bundles.MapGet("/", List).WithSummary("Every host's bundles, newest first.");
        bundles.MapGet("/stats", StatsAsync).WithSummary("Logical against stored bytes and the deduplication ratio, fleet-wide and by host.");
        bundles.MapGet("/{id}", GetAsync).WithSummary("One bundle: its manifest (problems first) and every file.");
        bundles.MapGet("/{id}/files/{**path}", FileAsync).WithSummary("One file's content (at most 4 MiB; report.html sandboxed by its Content-Security-Policy). ?download=true saves it.");
        bundles.MapGet("/{id}/download", DownloadAsync).WithSummary("The bundle re-assembled from the store as a zstd-compressed tar.");
        bundles.MapGet("/{a}/diff/{b}", DiffAsync).WithSummary("Files added, removed and changed from bundle a to bundle b.");
        bundles.MapPost("/retention", RetentionAsync).RequireAuthorization(AuthPolicies.Admin)
            .WithSummary("Apply bundle retention now (the configured keep_per_host and keep_days, or the body's) and reclaim the space.");
    }

    private static async Task<IResult> HostBundlesAsync(string host, int? limit, IServerStore store, BundleCatalog catalog, CancellationToken cancellationToken)
    {
        if (await store.Agents.FindAsync(host, cancellationToken).ConfigureAwait(false) is not { } agent)
        {
            return HostEndpoints.NotFound(host);
        }
        return Results.Json(new { host = agent.Hostname, agent_id = agent.Id, bundles = catalog.List(agent.Id, Math.Clamp(limit ?? 100, 1, 1000)).Select(BundleViews.Summary) }, EventDataJson.Options);
    }

    private static IResult List(int? limit, BundleCatalog catalog) =>
        Results.Json(new { bundles = catalog.List(null, Math.Clamp(limit ?? 100, 1, 1000)).Select(BundleViews.Summary) }, EventDataJson.Options);

    private static async Task<IResult> GetAsync(string id, BundleCatalog catalog, BundleBlobs blobs, CancellationToken cancellationToken)
    {
        if (catalog.Get(id) is not { } bundle)
        {
            return NotFound(id);
        }
        var snapshot = await blobs.SnapshotAsync(bundle.SnapshotId, cancellationToken).ConfigureAwait(false);
        return Results.Json(BundleViews.Detail(bundle, snapshot.Snapshot), EventDataJson.Options);
    }

    private static async Task<IResult> FileAsync(string id, string path, bool? download, HttpContext context, BundleCatalog catalog, BundleBlobs blobs)
    {
        if (catalog.Get(id) is not { } bundle)
        {
            return NotFound(id);
        }
        var snapshot = await blobs.SnapshotAsync(bundle.SnapshotId, context.RequestAborted).ConfigureAwait(false);
        if (snapshot.Snapshot.Files.FirstOrDefault(f => f.Path == path && f.Type == "file") is not { } file)
        {
            return ApiErrors.Result(404, "file_not_found", $"bundle {id} has no file '{path}'");
        }
        var content = await blobs.ReadFileAsync(file, MaxViewBytes, context.RequestAborted).ConfigureAwait(false);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Vigil-File-Size"] = file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["Vigil-Truncated"] = content.Length < file.Size ? "true" : "false";
        var name = path[(path.LastIndexOf('/') + 1)..];
        var isReport = path == BundleManifest.ReportFileName;
        var isText = IsText(content);
        if (isReport)
        {
            headers.ContentSecurityPolicy = ReportPolicy;
        }
        var type = isReport ? "text/html; charset=utf-8" : isText ? "text/plain; charset=utf-8" : "application/octet-stream";
        if (download == true || !isText)
        {
            headers.ContentDisposition = $"attachment; filename=\"{SafeFileName(name)}\"";
        }
        return Results.Bytes(content, type);
    }

    private static async Task<IResult> DownloadAsync(string id, HttpContext context, BundleCatalog catalog, BundleBlobs blobs)
    {
        if (catalog.Get(id) is not { } bundle)
        {
            return NotFound(id);
        }
        var snapshot = await blobs.SnapshotAsync(bundle.SnapshotId, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/zstd";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{SafeFileName("bundle-" + bundle.Id)}.tar.zst\"";
        await BundleTar.WriteAsync(context.Response.Body, snapshot.Snapshot, (f, ct) => blobs.ReadFileAsync(f, long.MaxValue, ct), context.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> DiffAsync(string a, string b, BundleCatalog catalog, BundleBlobs blobs, CancellationToken cancellationToken)
    {
        if (catalog.Get(a) is not { } from)
        {
            return NotFound(a);
        }
        if (catalog.Get(b) is not { } to)
        {
            return NotFound(b);
        }
        var before = await blobs.SnapshotAsync(from.SnapshotId, cancellationToken).ConfigureAwait(false);
        var after = await blobs.SnapshotAsync(to.SnapshotId, cancellationToken).ConfigureAwait(false);
        return Results.Json(BundleViews.Diff(from, to, SnapshotDiff.Compare(before.Snapshot, after.Snapshot)), EventDataJson.Options);
    }

    private static async Task<IResult> StatsAsync(BundleCatalog catalog, BundleBlobs blobs, CancellationToken cancellationToken)
    {
        var store = await blobs.StatsAsync(cancellationToken).ConfigureAwait(false);
        var hosts = catalog.Totals();
        var logical = hosts.Sum(h => h.LogicalBytes);
        return Results.Json(new
        {
            fleet = new
            {
                bundles = hosts.Sum(h => h.Bundles),
                hosts = hosts.Count,
                logical_bytes = logical,
                unique_bytes = store.UniqueBytes,
                stored_bytes = store.StoredBytes,
                ratio = store.StoredBytes == 0 ? 0 : Math.Round(logical / (double)store.StoredBytes, 2),
                blobs = store.Blobs,
                packs = store.Packs,
            },
            hosts = hosts.Select(h => new
            {
                host = h.Host,
                agent_id = h.AgentId,
                bundles = h.Bundles,
                logical_bytes = h.LogicalBytes,
                new_bytes = h.NewBytes,
                ratio = h.NewBytes == 0 ? 0 : Math.Round(h.LogicalBytes / (double)h.NewBytes, 2),
                latest = h.Latest,
            }).ToList(),
        }, EventDataJson.Options);
    }

    private static async Task<IResult> RetentionAsync(RetentionRequest? request, BundleRetention retention, CancellationToken cancellationToken)
    {
        var defaults = retention.Options;
        var options = new BundleOptions
        {
            KeepPerHost = request?.KeepPerHost ?? defaults.KeepPerHost,
            KeepDays = request?.KeepDays is { } days ? TimeSpan.FromDays(days) : defaults.KeepDays,
        };
        if (options.KeepPerHost < 0 || options.KeepDays < TimeSpan.Zero)
        {
            return ApiErrors.Result(400, "invalid_retention", "keep_per_host and keep_days must be 0 (no such rule) or more");
        }
        var outcome = await retention.ApplyAsync(options, cancellationToken).ConfigureAwait(false);
        return Results.Json(outcome, EventDataJson.Options);
    }

    private static bool IsText(byte[] content)
    {
        if (content.AsSpan().Contains((byte)0))
        {
            return false;
        }
        // A cut may split a multi-byte character: allow an incomplete one at the very end.
        var span = content.AsSpan();
        for (var trim = 0; trim < 4 && span.Length > 0; trim++)
        {
            if (System.Text.Unicode.Utf8.IsValid(span))
            {
                return true;
            }
            span = span[..^1];
        }
        return span.Length == 0;
    }

    private static string SafeFileName(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);

    private static IResult NotFound(string id) => ApiErrors.Result(404, "bundle_not_found", $"no bundle '{id}'");
}

/// <summary>Body of POST /api/v1/bundles/retention; a missing field takes the configured value.</summary>
public sealed record RetentionRequest(int? KeepPerHost, double? KeepDays);

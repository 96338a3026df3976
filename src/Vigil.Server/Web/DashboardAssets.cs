using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Web;

/// <summary>
/// The dashboard files embedded under <see cref="ResourcePrefix"/> (see Vigil.Server.csproj), loaded once and
/// served with validators and a strict security policy.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>Logical-name prefix of every embedded dashboard file; the rest of the name is its URL path.</summary>
    public const string ResourcePrefix = "vigil-dashboard/";

    /// <summary>
    /// Scripts, styles and data only from this origin, nothing inline, no frames, no plugins. The charts draw on a
    /// canvas and set element styles through the CSSOM, which style-src does not restrict.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly Dictionary<string, DashboardAsset> _byPath;

    private DashboardAssets(Dictionary<string, DashboardAsset> byPath) => _byPath = byPath;

    public IReadOnlyCollection<string> Paths => _byPath.Keys;

    public static DashboardAssets FromAssembly(Assembly assembly)
    {
        var byPath = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = name[ResourcePrefix.Length..];
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            byPath[path] = new DashboardAsset(path, content, DashboardContentTypes.Of(path), etag);
        }
        if (!byPath.ContainsKey("index.html"))
        {
            throw new InvalidOperationException("the dashboard was not embedded in Vigil.Server: index.html is missing");
        }
        return new DashboardAssets(byPath);
    }

    public IResult Serve(HttpContext context, string path)
    {
        if (!_byPath.TryGetValue(path, out var asset))
        {
            return Results.NotFound();
        }
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // Names carry no content hash, so browsers revalidate every time; the ETag makes that a bodiless 304.
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        if (Matches(context.Request.Headers.IfNoneMatch, asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = asset.ContentType;
            context.Response.ContentLength = asset.Content.Length;
            return Results.Empty;
        }
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (candidate == etag || candidate == "*" || candidate == "W/" + etag)
                {
                    return true;
                }
            }
        }
        return false;
    }
}

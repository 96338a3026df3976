using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Server.Api;

/// <summary>
/// /api/reference: a browsable reference of the REST API, rendered from the same endpoint metadata the OpenAPI
/// document is generated from (route, method, summary, tag, role), so the two cannot disagree. Self-contained HTML
/// with no scripts: it works offline and under the dashboard's strict Content-Security-Policy.
/// </summary>
public static class ApiReferenceEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reference", (EndpointDataSource endpoints) => Results.Content(Render(endpoints), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
    }

    private static string Render(EndpointDataSource source)
    {
        var rows = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true || e.RoutePattern.RawText is "/healthz" or "/metrics")
            .Select(e => new
            {
                Path = e.RoutePattern.RawText!,
                Methods = string.Join(", ", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]),
                Summary = e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? "",
                Tag = e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is { Count: > 0 } tags ? tags[0] : "Other",
                Role = e.Metadata.GetOrderedMetadata<AuthorizeAttribute>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "none",
            })
            .OrderBy(r => r.Tag, StringComparer.Ordinal).ThenBy(r => r.Path, StringComparer.Ordinal);
        var html = new StringBuilder();
        html.Append("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vigil API reference</title>
            <style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1f2328}
            h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
            table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
            code{font:13px ui-monospace,monospace}.m{font-weight:600;color:#0550ae;white-space:nowrap}.r{color:#57606a;white-space:nowrap}
            @media(prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}h2{border-color:#30363d}td,th{border-color:#21262d}.m{color:#79c0ff}}</style></head><body>
            <h1>Vigil API reference</h1>
            <p>Authenticate with <code>Authorization: Bearer vgl_a_…</code> (create one with <code>vigil api-token create</code>).
            Roles: <b>viewer</b> reads; <b>operator</b> also runs read-only actions; <b>admin</b> manages tokens, agents and the CA.
            Errors are <code>{"error": "code", "message": "reason"}</code>. Machine-readable: <a href="/openapi/v1.json">/openapi/v1.json</a>.
            Full guide: docs/server.md.</p>
            """);
        foreach (var group in rows.GroupBy(r => r.Tag))
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(group.Key)).Append("</h2><table><tr><th>method</th><th>path</th><th>role</th><th>what it does</th></tr>");
            foreach (var row in group)
            {
                html.Append("<tr><td class=m>").Append(WebUtility.HtmlEncode(row.Methods))
                    .Append("</td><td><code>").Append(WebUtility.HtmlEncode(row.Path))
                    .Append("</code></td><td class=r>").Append(WebUtility.HtmlEncode(row.Role))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(row.Summary)).Append("</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Bundles;

/// <summary>
/// <c>report.html</c>: one self-contained page (no scripts, no external resources; a Content-Security-Policy forbids
/// both) that reads offline. Headline problems first, then what was skipped, then one section per source listing its
/// files, each with its content embedded (HTML-escaped) behind a link.
/// </summary>
public static class BundleReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#1d2330}
        h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccd}table{border-collapse:collapse;width:100%}
        td,th{text-align:left;padding:.2em .6em;border-bottom:1px solid #eef}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .critical{color:#a11}.warning{color:#a60}.info{color:#357}.sev{font-weight:600;text-transform:uppercase;font-size:.8em}
        pre{background:#f6f7f9;padding:.8em;overflow:auto;max-height:40em;font-size:12px}details{margin:.4em 0}code{font-size:.95em}
        .meta td:first-child{color:#667;width:10em}
        """;

    public static string Render(BundleManifest manifest, IReadOnlyList<IBundleSource> sources, IReadOnlyDictionary<string, string> excerpts,
        IReadOnlyDictionary<string, long> redactionsByRule)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append("<title>Vigil bundle ").Append(E(manifest.Host)).Append(' ').Append(E(manifest.Id)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append("<h1>Diagnostic bundle: ").Append(E(manifest.Host)).Append("</h1>\n<table class=\"meta\">");
        Meta(html, "Bundle", manifest.Id);
        Meta(html, "Created", manifest.Created.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Meta(html, "Profile", manifest.Profile);
        Meta(html, "Logs since", manifest.Since + " before creation");
        Meta(html, "Agent", manifest.AgentVersion + (manifest.AgentId is null ? " (not enrolled)" : ", id " + manifest.AgentId));
        Meta(html, "Files", $"{manifest.Files.Count} files, {manifest.Files.Sum(f => f.Size).ToString("N0", CultureInfo.InvariantCulture)} bytes");
        var rules = string.Join(", ", redactionsByRule.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}"));
        Meta(html, "Redactions", manifest.Redactions.ToString(CultureInfo.InvariantCulture) + (rules.Length > 0 ? " (" + rules + ")" : ""));
        html.Append("</table>\n");

        html.Append("<h2 id=\"problems\">Problems</h2>\n");
        if (manifest.Problems.Count == 0)
        {
            html.Append("<p>No headline problems found.</p>\n");
        }
        else
        {
            html.Append("<ul>\n");
            foreach (var p in manifest.Problems)
            {
                html.Append("<li class=\"").Append(E(p.Severity)).Append("\"><span class=\"sev\">").Append(E(p.Severity)).Append("</span> ").Append(E(p.Summary));
                if (p.File is not null)
                {
                    html.Append(" (<a href=\"#").Append(Anchor(p.File)).Append("\">").Append(E(p.File)).Append("</a>)");
                }
                html.Append("</li>\n");
            }
            html.Append("</ul>\n");
        }

        html.Append("<h2 id=\"skipped\">Skipped</h2>\n");
        if (manifest.Skipped.Count == 0)
        {
            html.Append("<p>Nothing was skipped.</p>\n");
        }
        else
        {
            html.Append("<ul>\n");
            foreach (var s in manifest.Skipped)
            {
                html.Append("<li>").Append(E(s)).Append("</li>\n");
            }
            html.Append("</ul>\n");
        }

        foreach (var source in sources)
        {
            var files = manifest.Files.Where(f => f.Collector == source.Name || (source.Name == "collectors" && f.Collector == "inventory")).ToList();
            html.Append("<h2 id=\"source-").Append(E(source.Name)).Append("\">").Append(E(source.Title)).Append("</h2>\n");
            if (files.Count == 0)
            {
                html.Append("<p>No files (see Skipped).</p>\n");
                continue;
            }
            html.Append("<table><tr><th>File</th><th>Bytes</th><th>Redactions</th><th>Truncated</th><th>SHA-256</th></tr>\n");
            foreach (var f in files)
            {
                html.Append("<tr><td><a href=\"#").Append(Anchor(f.Path)).Append("\"><code>").Append(E(f.Path)).Append("</code></a></td><td class=\"n\">")
                    .Append(f.Size.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td class=\"n\">").Append(f.Redactions.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(f.Truncated ? "yes" : "").Append("</td><td><code>").Append(f.Sha256[..16]).Append("…</code></td></tr>\n");
            }
            html.Append("</table>\n");
            foreach (var f in files)
            {
                html.Append("<details id=\"").Append(Anchor(f.Path)).Append("\"><summary><code>").Append(E(f.Path)).Append("</code></summary>");
                if (excerpts.TryGetValue(f.Path, out var text))
                {
                    html.Append("<pre>").Append(E(text)).Append("</pre>");
                    if (text.Length >= BundleWriter.ExcerptChars)
                    {
                        html.Append("<p>The first ").Append(BundleWriter.ExcerptChars.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters; the whole file is in the bundle.</p>");
                    }
                }
                else
                {
                    html.Append("<p>Not embedded (the report's size budget is spent); the file is in the bundle.</p>");
                }
                html.Append("</details>\n");
            }
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Meta(StringBuilder html, string key, string value) =>
        html.Append("<tr><td>").Append(E(key)).Append("</td><td>").Append(E(value)).Append("</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An id attribute value for a bundle path: letters, digits and '-' only, so no path can break out of the attribute.</summary>
    private static string Anchor(string path) =>
        "f-" + new string(path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(path)).AsSpan(0, 4));
}

using System.Globalization;
using System.Net;

namespace Vigil.Server.Compliance.Export;

/// <summary>
/// Writes a report as one self-contained HTML file (styles inline, no scripts, no external assets) that reads offline
/// and prints: the summary with the score and counts first, then each control with its checks and every host's latest
/// result, failing first, then the exceptions with owner, reason and expiry. Every value is HTML-escaped.
/// </summary>
public static class ComplianceHtmlReportWriter
{
    public static void Write(ComplianceReport report, TextWriter w)
    {
        var input = report.Input;
        var title = $"Vigil compliance report: {report.Framework.Title}";
        w.Write("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>{E(title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n<header>\n<h1>{E(title)}</h1>\n<dl class=\"meta\">\n");
        Fact(w, "Time range", $"{ReportTime.Format(input.From)} to {ReportTime.Format(input.To)}");
        Fact(w, "Generated", ReportTime.Format(input.Generated));
        Fact(w, "Server", input.ServerName);
        if (input.Policy is not null)
        {
            Fact(w, "Policy", input.Policy);
        }
        if (input.Host is not null)
        {
            Fact(w, "Host", input.Host);
        }
        w.Write("</dl>\n</header>\n");
        WriteSummary(w, report);
        WriteControls(w, report);
        WriteExceptions(w, report);
        w.Write("<footer><p>Each result is the latest stored for that check on that host within the range; the score is pass / (pass + fail + error), "
            + "with excepted results and false positives counted apart. The evidence hash is the SHA-256 of the stored result row.</p></footer>\n</body>\n</html>\n");
        w.Flush();
    }

    private static void WriteSummary(TextWriter w, ComplianceReport report)
    {
        var c = report.Counts;
        var failingControls = report.Controls.Count(x => x.Counts.Failing);
        w.Write("<section id=\"summary\">\n<h2>Summary</h2>\n");
        w.Write($"<p class=\"score\"><span id=\"score\">{E(Percent(c.Score))}</span> compliant</p>\n");
        w.Write($"<p>{N(report.Hosts.Count)} hosts, {N(report.Controls.Count)} controls ({N(failingControls)} failing), "
            + $"{N(report.Latest.Count)} host × check results from {N(report.Evidence.Count)} stored results.</p>\n");
        w.Write("<table class=\"counts\"><thead><tr><th>Pass</th><th>Fail</th><th>Error</th><th>Not applicable</th><th>Excepted</th><th>False positive</th></tr></thead>\n");
        w.Write($"<tbody><tr><td data-count=\"pass\">{N(c.Pass)}</td><td data-count=\"fail\">{N(c.Fail)}</td><td data-count=\"error\">{N(c.Error)}</td>"
            + $"<td data-count=\"not_applicable\">{N(c.NotApplicable)}</td><td data-count=\"excepted\">{N(c.Excepted)}</td><td data-count=\"false_positive\">{N(c.FalsePositive)}</td></tr></tbody></table>\n");
        w.Write("</section>\n");
    }

    private static void WriteControls(TextWriter w, ComplianceReport report)
    {
        w.Write("<section id=\"controls\">\n<h2>Controls</h2>\n");
        if (report.Controls.Count == 0)
        {
            w.Write($"<p class=\"empty\">No stored result in this range maps to a {E(report.Framework.Title)} control.</p>\n");
        }
        foreach (var control in report.Controls)
        {
            var status = control.Counts.Failing ? "fail" : control.Counts.Pass > 0 ? "pass" : "other";
            w.Write($"<article class=\"control\" data-control=\"{E(control.Control)}\" data-status=\"{status}\">\n");
            w.Write($"<h3>{E(control.Control)} <span class=\"badge\" data-status=\"{status}\">{(status == "fail" ? "failing" : status == "pass" ? "passing" : "not decided")}</span>"
                + $" <span class=\"muted\">{E(Describe(control.Counts))}</span></h3>\n");
            foreach (var check in control.Checks)
            {
                w.Write($"<div class=\"check\">\n<h4>{E(check.Title)} <span class=\"muted mono\">{E(check.Policy)} / {E(check.Check)}</span> <span class=\"sev\">{E(check.Severity)}</span></h4>\n");
                w.Write("<table><thead><tr><th>Host</th><th>Status</th><th>Observed</th><th>Time</th><th>Exception</th><th>Evidence</th></tr></thead><tbody>\n");
                foreach (var result in check.Hosts)
                {
                    var row = result.Row;
                    w.Write($"<tr data-host=\"{E(row.HostId)}\"><td>{E(row.Hostname)}</td><td>{Badge(result.Effective)}"
                        + (result.Effective != row.Status ? $" <span class=\"muted\">observed {E(row.Status)}</span>" : "") + "</td>"
                        + $"<td class=\"observed\">{E(row.Observed)}</td><td class=\"mono\">{E(ReportTime.Format(row.Time))}</td><td>{ExceptionCell(result)}</td>"
                        + $"<td class=\"mono\" title=\"{E(row.EvidenceHash)}\">{E(Short(row.EvidenceHash))}</td></tr>\n");
                }
                w.Write("</tbody></table>\n</div>\n");
            }
            w.Write("</article>\n");
        }
        w.Write("</section>\n");
    }

    private static string ExceptionCell(ReportResult result)
    {
        var e = result.Exception;
        if (e is null)
        {
            return result.Row.ExceptionId is { } id ? E(id) : "";
        }
        return $"{E(e.Id)} ({E(e.Kind)}, {E(e.Owner)}, " + (result.ExceptionExpired ? "<strong>expired</strong>, not applied" : "expires " + E(ReportTime.Format(e.Expires))) + ")";
    }

    private static void WriteExceptions(TextWriter w, ComplianceReport report)
    {
        w.Write("<section id=\"exceptions\">\n<h2>Exceptions</h2>\n");
        w.Write($"<p>{N(report.Counts.Excepted)} results excepted and {N(report.Counts.FalsePositive)} false positives, counted apart from the score.</p>\n");
        if (report.Exceptions.Count == 0)
        {
            w.Write("<p class=\"empty\">No exception concerns the checks in this report.</p>\n</section>\n");
            return;
        }
        w.Write("<table><thead><tr><th>Id</th><th>Kind</th><th>State</th><th>Policy / check</th><th>Hosts</th><th>Owner</th><th>Reason</th><th>Created</th><th>Expires</th><th>Results under it</th></tr></thead><tbody>\n");
        foreach (var e in report.Exceptions)
        {
            var applied = report.Latest.Count(r => r.Exception?.Id == e.Id && r.Effective is ResultStatus.Excepted or ResultStatus.FalsePositive);
            w.Write($"<tr data-exception=\"{E(e.Id)}\" data-state=\"{E(e.State)}\"><td class=\"mono\">{E(e.Id)}</td><td>{E(e.Kind)}</td><td>{Badge(e.State)}</td>"
                + $"<td class=\"mono\">{E(e.Policy ?? "any policy")} / {E(e.Check)}</td><td class=\"mono\">{E(e.Select)}</td><td>{E(e.Owner)}</td><td>{E(e.Reason)}</td>"
                + $"<td class=\"mono\">{E(ReportTime.Format(e.Created))} by {E(e.CreatedBy)}</td><td class=\"mono\">{E(ReportTime.Format(e.Expires))}</td><td>{N(applied)}</td></tr>\n");
        }
        w.Write("</tbody></table>\n</section>\n");
    }

    private static void Fact(TextWriter w, string name, string value) => w.Write($"<div><dt>{E(name)}</dt><dd>{E(value)}</dd></div>\n");

    private static string Badge(string status) => $"<span class=\"badge\" data-status=\"{E(status)}\">{E(status.Replace('_', ' '))}</span>";

    private static string Describe(StatusCounts c) =>
        $"{c.Pass} pass, {c.Fail} fail, {c.Error} error, {c.NotApplicable} n/a, {c.Excepted} excepted, {c.FalsePositive} false positive";

    private static string Percent(double? score) => score is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    /// <summary>HTML-escapes text for element content and quoted attribute values (&amp; &lt; &gt; &quot; &#39;).</summary>
    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Style = """

        :root { color-scheme: light; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1e293b; }
        body { max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .5rem; } h2 { border-bottom: 2px solid #cbd5e1; padding-bottom: .2rem; margin-top: 2rem; }
        h3 { margin: 1.2rem 0 .4rem; } h4 { margin: .8rem 0 .3rem; font-size: .95rem; }
        .meta { display: flex; flex-wrap: wrap; gap: .3rem 2rem; margin: 0; } .meta dt { font-weight: 600; display: inline; } .meta dd { display: inline; margin: 0 0 0 .4rem; }
        .score { font-size: 2rem; font-weight: 700; margin: .3rem 0; }
        table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; } th, td { border: 1px solid #cbd5e1; padding: .25rem .45rem; text-align: left; vertical-align: top; }
        th { background: #f1f5f9; } .counts td { font-size: 1.2rem; font-weight: 600; text-align: center; } .counts th { text-align: center; }
        .observed { white-space: pre-wrap; word-break: break-word; font-family: ui-monospace, monospace; font-size: .85rem; }
        .mono { font-family: ui-monospace, monospace; font-size: .85rem; } .muted { color: #64748b; font-weight: normal; font-size: .85rem; }
        .badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem; font-weight: 600; background: #e2e8f0; }
        .badge[data-status="pass"], .badge[data-status="active"] { background: #dcfce7; color: #166534; }
        .badge[data-status="fail"], .badge[data-status="error"] { background: #fee2e2; color: #991b1b; }
        .badge[data-status="excepted"], .badge[data-status="false_positive"], .badge[data-status="expired"] { background: #fef3c7; color: #92400e; }
        .control { border-left: 4px solid #94a3b8; padding-left: .8rem; margin-bottom: 1rem; } .control[data-status="fail"] { border-color: #dc2626; } .control[data-status="pass"] { border-color: #16a34a; }
        .sev { font-size: .75rem; text-transform: uppercase; color: #64748b; } footer { margin-top: 2rem; color: #64748b; font-size: .85rem; }
        @media print { body { margin: 0; max-width: none; } .control, tr { break-inside: avoid; } h2 { break-after: avoid; } th { background: #eee !important; } }

        """;
}

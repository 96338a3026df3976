using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Client;
using Vigil.Server.Compliance.Export;

namespace Vigil.Cli.Commands.Compliance;

/// <summary>
/// <c>vigil compliance export</c>: the stored evidence of one control framework over a time range, as an OSCAL
/// assessment-results document, an HTML report or CSV for an auditor. Pages through the results, takes every
/// exception (revoked ones too), and writes the file whole or not at all.
/// </summary>
public static class ComplianceExportCommand
{
    private const int PageSize = 1000;

    public static Command Create() => Create(TimeProvider.System);

    public static Command Create(TimeProvider time)
    {
        var api = new ApiOptions();
        var framework = new Option<string>("--framework") { Description = "Control framework: " + string.Join(", ", ComplianceFramework.All.Select(f => f.Id)), Required = true };
        framework.AcceptOnlyFromAmong([.. ComplianceFramework.All.Select(f => f.Id)]);
        var from = new Option<string>("--from") { Description = "Start of the range (inclusive): ISO-8601, now, or back from now like 30d", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (exclusive), same forms as --from", DefaultValueFactory = _ => "now" };
        var format = new Option<ExportFormat>("--format", "-f") { Description = "oscal (assessment-results JSON), html or csv", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "File to write (replaced whole once complete)", Required = true };
        var policy = new Option<string?>("--policy") { Description = "Only this policy's results" };
        var host = new Option<string?>("--host") { Description = "Only this host's results (hostname or agent id)" };
        var command = new Command("export", "Export the evidence of one control framework over a time range for an auditor: OSCAL, HTML or CSV")
        {
            framework, from, to, format, output, policy, host,
        };
        command.Options.Add(api.Address);
        command.Options.Add(api.Token);
        command.Options.Add(api.CaCert);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var now = time.GetUtcNow();
            var start = ReportTimeArgument.Parse("--from", parse.GetValue(from)!, now);
            var end = ReportTimeArgument.Parse("--to", parse.GetValue(to)!, now);
            if (end <= start)
            {
                throw new CliException($"--to ({ReportTime.Format(end)}) must be after --from ({ReportTime.Format(start)})");
            }
            var path = Path.GetFullPath(parse.GetValue(output)!);
            if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
            {
                throw new CliException($"--out: folder {folder} does not exist");
            }
            var settings = ClientSettings.Resolve(parse.GetValue(api.Address), parse.GetValue(api.Token), parse.GetValue(api.CaCert));
            using var client = new VigilClient(settings);
            var query = new ResultsQuery(start, end, parse.GetValue(policy), parse.GetValue(host));
            var rows = await FetchRowsAsync(client, query, cancellationToken).ConfigureAwait(false);
            var exceptions = (await client.GetAsync("/api/v1/compliance/exceptions?all=true", cancellationToken).ConfigureAwait(false))["exceptions"]
                ?.AsArray().Select(e => ComplianceEvidenceJson.Exception(e!)).ToList() ?? [];
            var input = new ComplianceReportInput(ComplianceFramework.Find(parse.GetValue(framework)!)!, start, end, now,
                settings.Address.GetLeftPart(UriPartial.Authority), rows, exceptions)
            {
                Policy = query.Policy,
                Host = query.Host,
            };
            var report = ComplianceReport.Build(input);
            var chosen = parse.GetValue(format);
            Write(report, chosen, path);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{chosen.ToString().ToLowerInvariant()}: {report.Evidence.Count} rows, {report.Hosts.Count} hosts, {report.Controls.Count} controls "
                + $"({report.Counts.Fail + report.Counts.Error} failing, {report.Counts.Excepted} excepted, {report.Counts.FalsePositive} false positives) → {path}"));
        });
        return command;
    }

    private sealed record ResultsQuery(DateTimeOffset From, DateTimeOffset To, string? Policy, string? Host)
    {
        public string Path(string? cursor) =>
            $"/api/v1/compliance/results?from={Uri.EscapeDataString(ReportTime.Format(From))}&to={Uri.EscapeDataString(ReportTime.Format(To))}"
            + $"&limit={PageSize.ToString(CultureInfo.InvariantCulture)}"
            + (Policy is null ? "" : "&policy=" + Uri.EscapeDataString(Policy))
            + (Host is null ? "" : "&host=" + Uri.EscapeDataString(Host))
            + (cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor));
    }

    /// <summary>Every page of evidence, following <c>next</c> until the server says there is no more; a spinner on a terminal.</summary>
    private static async Task<List<EvidenceRow>> FetchRowsAsync(VigilClient client, ResultsQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<EvidenceRow>();
        async Task Fetch(Action<int> progress)
        {
            string? cursor = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            do
            {
                var page = await client.GetAsync(query.Path(cursor), cancellationToken).ConfigureAwait(false);
                rows.AddRange(page["results"]?.AsArray().Select(r => ComplianceEvidenceJson.Row(r!)) ?? []);
                progress(rows.Count);
                cursor = page["next"] is JsonValue next && next.TryGetValue(out string? c) && c.Length > 0 ? c : null;
                if (cursor is not null && !seen.Add(cursor))
                {
                    throw new CliException($"the server returned the cursor '{cursor}' twice; stopping rather than looping");
                }
            }
            while (cursor is not null);
        }
        if (Console.IsOutputRedirected)
        {
            await Fetch(_ => { }).ConfigureAwait(false);
        }
        else
        {
            await AnsiConsole.Status().StartAsync("Fetching results…", ctx =>
                Fetch(n => ctx.Status(string.Create(CultureInfo.InvariantCulture, $"Fetching results… {n} so far")))).ConfigureAwait(false);
        }
        return rows;
    }

    /// <summary>Writes beside the target and renames over it, so a failed export never leaves half a file.</summary>
    private static void Write(ComplianceReport report, ExportFormat format, string path)
    {
        var temporary = path + ".partial";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                if (format == ExportFormat.Oscal)
                {
                    OscalAssessmentResultsWriter.Write(report, stream);
                }
                else
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                    if (format == ExportFormat.Html)
                    {
                        ComplianceHtmlReportWriter.Write(report, writer);
                    }
                    else
                    {
                        ComplianceCsvWriter.Write(report, writer);
                    }
                }
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException e)
        {
            File.Delete(temporary);
            throw new CliException($"--out: cannot write {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            File.Delete(temporary);
            throw new CliException($"--out: cannot write {path}: {e.Message}");
        }
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Compliance;

/// <summary><c>vigil compliance summary|hosts|host|failing|results</c>: the read views.</summary>
internal static class ComplianceViewCommands
{
    public static Command Summary()
    {
        var api = new ApiOptions();
        var policy = new Option<string?>("--policy") { Description = "Only this policy" };
        var command = api.AddTo(new Command("summary", "Fleet and per-policy scores, with counts by effective status and the score's trend") { policy });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/compliance/summary" + ComplianceDisplay.Query(("policy", parse.GetValue(policy))), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var table = Printer.Table("POLICY", "VERSION", "HOSTS", "SCORE", "PASS", "FAIL", "ERROR", "N/A", "EXCEPTED", "FALSE POS.");
                foreach (var p in json["policies"]!.AsArray())
                {
                    table.AddRow(Markup.Escape(Display.Text(p!["policy"])), Markup.Escape(Display.Text(p["version"])), Display.Text(p["hosts"]), ComplianceDisplay.Score(p["score"]),
                        Display.Text(p["pass"]), Display.Text(p["fail"]), Display.Text(p["error"]), Display.Text(p["not_applicable"]), Display.Text(p["excepted"]), Display.Text(p["false_positive"]));
                }
                var fleet = json["fleet"]!;
                var trend = json["history"]!.AsArray().Select(h => Display.Number(h!["score"])).OfType<double>().ToList();
                table.Caption($"fleet: {Markup.Escape(Display.Percent(fleet["score"]))} over {fleet["hosts"]} hosts ({ComplianceDisplay.Counts(fleet)})"
                    + (trend.Count > 1 ? "  30 days: " + Markup.Escape(Display.Sparkline(trend)) : ""));
                return table;
            });
        });
        return command;
    }

    public static Command Hosts(TimeProvider time)
    {
        var api = new ApiOptions();
        var policy = new Option<string?>("--policy") { Description = "Only this policy" };
        var command = api.AddTo(new Command("hosts", "Every evaluated host with its score, worst first") { policy });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/compliance/hosts" + ComplianceDisplay.Query(("policy", parse.GetValue(policy))), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("HOST", "SCORE", "PASS", "FAIL", "ERROR", "EXCEPTED", "FALSE POS.", "EVALUATED", "POLICIES");
                foreach (var h in json["hosts"]!.AsArray())
                {
                    table.AddRow(Markup.Escape(Display.Text(h!["hostname"])), ComplianceDisplay.Score(h["score"]), Display.Text(h["pass"]), Display.Text(h["fail"]), Display.Text(h["error"]),
                        Display.Text(h["excepted"]), Display.Text(h["false_positive"]), Display.Ago(h["evaluated"], now),
                        Markup.Escape(string.Join(", ", h["policies"]!.AsArray().Select(p => Display.Text(p!["policy"])))));
                }
                table.Caption($"{json["hosts"]!.AsArray().Count} hosts");
                return table;
            });
        });
        return command;
    }

    public static Command Host(TimeProvider time)
    {
        var api = new ApiOptions();
        var host = new Argument<string>("host") { Description = "Host id or hostname" };
        var all = new Option<bool>("--all") { Description = "Also list passing and not-applicable checks" };
        var command = api.AddTo(new Command("host", "One host's result of every check: observed value, since when, exceptions") { host, all });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync($"/api/v1/hosts/{Uri.EscapeDataString(parse.GetValue(host)!)}/compliance", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var rows = new List<IRenderable> { new Markup($"[bold]{Markup.Escape(Display.Text(json["hostname"]))}[/] score {ComplianceDisplay.Score(json["score"])}\n") };
                foreach (var p in json["policies"]!.AsArray())
                {
                    var table = Printer.Table("CHECK", "SEVERITY", "STATUS", "SINCE", "OBSERVED", "EXCEPTION", "REMEDIATION");
                    foreach (var r in p!["results"]!.AsArray().Where(r => parse.GetValue(all) || Display.Text(r!["status"]) is "fail" or "error"))
                    {
                        var exception = r!["exception"] is { } e ? $"{Display.Text(e["kind"])} by {Display.Text(e["owner"])}" + (e["expired"]!.GetValue<bool>() ? " (expired)" : "") : "";
                        table.AddRow(Markup.Escape(Display.Text(r["check"])), Markup.Escape(Display.Text(r["severity"])), ComplianceDisplay.Effective(r), Display.Ago(r["since"], now),
                            Markup.Escape(ComplianceDisplay.Shorten(Display.Text(r["observed"]))), Markup.Escape(exception),
                            r["remediation_action"] is { } a ? Markup.Escape(Display.Text(a["action"])) : "");
                    }
                    table.Caption($"{Markup.Escape(Display.Text(p["policy"]))} {Markup.Escape(Display.Text(p["version"]))}: {ComplianceDisplay.Score(p["score"])} ({ComplianceDisplay.Counts(p)}), evaluated {Display.Ago(p["evaluated"], now)}");
                    rows.Add(table);
                }
                return new Rows(rows);
            });
        });
        return command;
    }

    public static Command Failing(TimeProvider time)
    {
        var api = new ApiOptions();
        var policy = new Option<string?>("--policy") { Description = "Only this policy" };
        var severity = new Option<string?>("--severity") { Description = "Only checks of this severity (info, low, medium, high, critical)" };
        var command = api.AddTo(new Command("failing", "Checks failing somewhere in the fleet (after exceptions), most hosts first") { policy, severity });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/compliance/failing" + ComplianceDisplay.Query(("policy", parse.GetValue(policy)), ("severity", parse.GetValue(severity))), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("POLICY", "CHECK", "SEVERITY", "FAILING", "HOSTS", "OLDEST");
                foreach (var c in json["checks"]!.AsArray())
                {
                    var hosts = c!["hosts"]!.AsArray();
                    table.AddRow(Markup.Escape(Display.Text(c["policy"])), Markup.Escape(Display.Text(c["check"])), Markup.Escape(Display.Text(c["severity"])),
                        $"{c["hosts_failing"]}/{c["hosts_evaluated"]}", Markup.Escape(ComplianceDisplay.Shorten(string.Join(", ", hosts.Select(h => Display.Text(h!["hostname"]))))),
                        hosts.Count > 0 ? Display.Ago(hosts[0]!["since"], now) : "–");
                }
                table.Caption($"{json["checks"]!.AsArray().Count} failing checks");
                return table;
            });
        });
        return command;
    }

    public static Command Results()
    {
        var api = new ApiOptions();
        var from = new Option<string>("--from") { Description = "Start of the range (ISO-8601)", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (ISO-8601)", Required = true };
        var policy = new Option<string?>("--policy") { Description = "Only this policy" };
        var host = new Option<string?>("--host") { Description = "Only this host" };
        var framework = new Option<string?>("--framework") { Description = "Only checks mapped to this framework (cis, soc2, iso27001, hipaa, pci_dss, nist_800_53)" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows", DefaultValueFactory = _ => 1000 };
        var command = api.AddTo(new Command("results", "Stored evidence rows in a time range, oldest first, each with its evidence hash") { from, to, policy, host, framework, limit });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var wanted = parse.GetValue(limit);
            var results = new JsonArray();
            string? after = null;
            do
            {
                var query = ComplianceDisplay.Query(("from", parse.GetValue(from)), ("to", parse.GetValue(to)), ("policy", parse.GetValue(policy)), ("host", parse.GetValue(host)),
                    ("framework", parse.GetValue(framework)), ("limit", Math.Min(wanted - results.Count, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("after", after));
                var page = await client.GetAsync("/api/v1/compliance/results" + query, cancellationToken).ConfigureAwait(false);
                foreach (var row in page["results"]!.AsArray().ToList())
                {
                    results.Add(row!.DeepClone());
                }
                after = page["next"]?.GetValue<string>();
            }
            while (after is not null && results.Count < wanted);
            var json = new JsonObject { ["results"] = results, ["next"] = after };
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var table = Printer.Table("ID", "TIME", "HOST", "POLICY", "CHECK", "STATUS", "OBSERVED", "EVIDENCE");
                foreach (var r in results)
                {
                    table.AddRow(Display.Text(r!["id"]), Markup.Escape(Display.Text(r["time"])), Markup.Escape(Display.Text(r["hostname"])), Markup.Escape(Display.Text(r["policy"])),
                        Markup.Escape(Display.Text(r["check"])), ComplianceDisplay.Effective(r), Markup.Escape(ComplianceDisplay.Shorten(Display.Text(r["observed"]), 40)),
                        Markup.Escape(Display.Text(r["evidence_hash"])[..12]));
                }
                table.Caption($"{results.Count} rows" + (after is null ? "" : " (more: raise --limit)"));
                return table;
            });
        });
        return command;
    }
}

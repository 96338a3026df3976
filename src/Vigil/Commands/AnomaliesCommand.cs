using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil anomalies</c>: what agents found abnormal, open first, each with its one-line explanation.</summary>
public static class AnomaliesCommand
{
    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var host = new Option<string?>("--host") { Description = "Only anomalies of this host (hostname or agent id)" };
        var open = new Option<bool>("--open") { Description = "Only anomalies still open" };
        var metric = new Option<string?>("--metric") { Description = "Only this metric, or a prefix with *, e.g. system.cpu.*" };
        var since = new Option<string?>("--since") { Description = "Only anomalies open at some point in this window, e.g. 1h, 24h, 7d" };
        var limit = new Option<int>("--limit") { Description = "At most this many", DefaultValueFactory = _ => 100 };
        var command = api.AddTo(new Command("anomalies", "List anomalies the agents' detectors found, open first, with what was expected and observed") { host, open, metric, since, limit });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var query = $"limit={parse.GetValue(limit)}"
                + (parse.GetValue(open) ? "&state=open" : "")
                + (parse.GetValue(metric) is { } m ? "&metric=" + Uri.EscapeDataString(m) : "")
                + (parse.GetValue(since) is { } s ? "&since=" + Uri.EscapeDataString(s) : "");
            var path = parse.GetValue(host) is { } h ? $"/api/v1/hosts/{Uri.EscapeDataString(h)}/anomalies" : "/api/v1/anomalies";
            var json = await client.GetAsync(path + "?" + query, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => Table(json, time.GetUtcNow()));
        });
        return command;
    }

    /// <summary>A value in the metric's unit when the server knows it ("97.0%", "1.2 GiB/s"), else as a plain number.</summary>
    private static string Value(JsonNode a, string field) =>
        Display.Number(a[field]) is not { } v ? "–" : a["unit"] is { } unit ? Display.Value(v, Display.Text(unit)) : Display.Number(v);

    private static Table Table(JsonNode json, DateTimeOffset now)
    {
        var table = Printer.Table("STATE", "HOST", "SERIES", "SINCE", "FOR", "SCORE", "EXPECTED", "OBSERVED", "DETECTORS", "EXPLANATION");
        var anomalies = json["anomalies"]!.AsArray();
        foreach (var a in anomalies)
        {
            var state = Display.Text(a!["state"]);
            var series = Display.Text(a["metric"]) + (a["attributes"] is JsonObject { Count: > 0 } attrs ? " {" + Display.Labels(attrs) + "}" : "");
            table.AddRow(
                state == "open" ? "[red]open[/]" : "[grey]closed[/]",
                Markup.Escape(Display.Text(a["hostname"]) is { Length: > 0 } name ? name : Display.Text(a["host"])),
                Markup.Escape(series),
                Display.Ago(a["since"], now),
                Display.Duration(Display.Number(a["duration_s"]) ?? 0),
                Display.Number(a["peak_score"]) is { } score ? score.ToString("0.0000", CultureInfo.InvariantCulture) : "–",
                Markup.Escape($"{Value(a, "expected_low")} – {Value(a, "expected_high")}"),
                Markup.Escape(Value(a, "observed")),
                Markup.Escape(string.Join(",", a["detectors"]!.AsArray().Select(Display.Text))),
                Markup.Escape(Display.Text(a["message"])));
        }
        var opened = anomalies.Count(a => Display.Text(a!["state"]) == "open");
        table.Caption($"{anomalies.Count} anomalies, {opened} open");
        return table;
    }
}

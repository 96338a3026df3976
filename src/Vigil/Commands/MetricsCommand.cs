using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil metrics HOST METRIC</c>: each series with its latest, min, mean and max and a sparkline.</summary>
public static class MetricsCommand
{
    public static Command Build()
    {
        var api = new ApiOptions();
        var host = new Argument<string>("host") { Description = "Hostname or agent id" };
        var metric = new Argument<string>("metric") { Description = "Metric name, e.g. system.cpu.utilization" };
        var since = new Option<string>("--since") { Description = "How far back: 15m, 1h, 24h, 7d", DefaultValueFactory = _ => "1h" };
        var step = new Option<string?>("--step") { Description = "Bucket size, e.g. 10s, 1m, 1h (default: range / 300)" };
        var agg = new Option<string>("--agg") { Description = "avg, min, max, sum, last or count", DefaultValueFactory = _ => "avg" };
        var attr = new Option<string[]>("--attr") { Description = "Only series with this attribute (k=v); repeatable" };
        var command = api.AddTo(new Command("metrics", "Show a metric of one host over time") { host, metric, since, step, agg, attr });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var query = $"since={Uri.EscapeDataString(parse.GetValue(since)!)}&agg={Uri.EscapeDataString(parse.GetValue(agg)!)}"
                + (parse.GetValue(step) is { } s ? "&step=" + Uri.EscapeDataString(s) : "")
                + string.Concat((parse.GetValue(attr) ?? []).Select(a => "&attr=" + Uri.EscapeDataString(a)));
            var json = await client.GetAsync($"/api/v1/hosts/{Uri.EscapeDataString(parse.GetValue(host)!)}/metrics/{Uri.EscapeDataString(parse.GetValue(metric)!)}?{query}", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var unit = Display.Text(json["unit"]);
                var table = Printer.Table("SERIES", "LATEST", "MIN", "MEAN", "MAX", $"LAST {parse.GetValue(since)}");
                foreach (var series in json["series"]!.AsArray())
                {
                    var values = series!["points"]!.AsArray().Select(p => Display.Number(p![1]) ?? double.NaN).Where(v => !double.IsNaN(v)).ToList();
                    var name = Display.Labels(series["attributes"]);
                    if (values.Count == 0)
                    {
                        table.AddRow(Markup.Escape(name.Length == 0 ? "(all)" : name), "–", "–", "–", "–", "");
                        continue;
                    }
                    table.AddRow(Markup.Escape(name.Length == 0 ? "(all)" : name),
                        Display.Value(values[^1], unit), Display.Value(values.Min(), unit), Display.Value(values.Average(), unit), Display.Value(values.Max(), unit),
                        "[blue]" + Display.Sparkline(values) + "[/]");
                }
                table.Caption($"{Markup.Escape(Display.Text(json["metric"]))} ({Markup.Escape(unit)}, {Display.Text(json["kind"])}), tier {Display.Text(json["tier"])}, step {Display.Number(json["step_ms"]) / 1000:0.#} s"
                    + (json["truncated"]?.GetValue<bool>() == true ? ", [yellow]truncated[/]" : ""));
                return table;
            });
        });
        return command;
    }
}

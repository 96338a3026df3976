using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil host NAME</c>: one host's identity, health and what it reports.</summary>
public static class HostCommand
{
    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var name = new Argument<string>("host") { Description = "Hostname or agent id" };
        var command = api.AddTo(new Command("host", "Show one host: identity, health of each component, inventory and metrics it reports") { name });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var host = await client.GetAsync("/api/v1/hosts/" + Uri.EscapeDataString(parse.GetValue(name)!), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), host, () =>
            {
                var now = time.GetUtcNow();
                var identity = host["identity"];
                var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
                void Fact(string key, string value) => facts.AddRow(new Markup($"[grey]{key}[/]"), new Markup(Markup.Escape(value)));
                Fact("host", $"{Display.Text(host["hostname"])} ({Display.Text(host["id"])})");
                facts.AddRow(new Markup("[grey]status[/]"), new Markup(Printer.StatusMarkup(Display.Text(host["status"]))));
                Fact("last seen", Display.Ago(host["last_seen"], now));
                Fact("os", Display.Text(host["os"]));
                Fact("kernel", Display.Text(host["kernel"]));
                Fact("cpu", $"{Display.Text(identity?["cpus"])} × {Display.Text(identity?["cpu_model"])}");
                Fact("memory", Display.Number(identity?["memory_bytes"]) is { } m ? Display.Bytes(m) : "");
                Fact("virtualization", $"{Display.Text(identity?["virtualization"])} / container {Display.Text(identity?["container"])}");
                Fact("clock", Display.Text(identity?["time_sync"]));
                Fact("labels", Display.Labels(host["labels"]));
                Fact("agent", Display.Text(host["agent_version"]));
                Fact("certificate", $"valid until {Display.Text(host["certificate_not_after"])}");
                Fact("cpu / memory / load", $"{Display.Percent(host["cpu_utilization"])} / {Display.Percent(host["memory_utilization"])} / {Display.Text(host["load1"])}");

                var health = Printer.Table("COMPONENT", "STATUS", "REASON", "SINCE");
                foreach (var h in host["health"]!.AsArray())
                {
                    health.AddRow(Markup.Escape(Display.Text(h!["source"])), Printer.StatusMarkup(Display.Text(h["status"])),
                        Markup.Escape(Display.Text(h["message"])), Display.Ago(h["since"], now));
                }
                var kinds = string.Join(", ", host["inventory_kinds"]!.AsArray().Select(Display.Text));
                var metrics = host["metrics"]!.AsArray();
                return new Rows(new IRenderable[]
                {
                    new Panel(facts).Header("identity").Expand(),
                    new Rule("health").LeftJustified(),
                    health.Rows.Count > 0 ? health : new Markup("[grey]every component reports ok[/]\n"),
                    new Markup($"[grey]inventory:[/] {Markup.Escape(kinds)}\n[grey]metrics:[/] {metrics.Count} names, {metrics.Sum(m => (int)(Display.Number(m!["series_count"]) ?? 0))} series (vigil metrics {Markup.Escape(Display.Text(host["hostname"]))} NAME)\n"),
                });
            });
        });
        return command;
    }
}

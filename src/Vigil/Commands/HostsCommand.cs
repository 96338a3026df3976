using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil hosts</c>: the fleet, problems first.</summary>
public static class HostsCommand
{
    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var label = new Option<string[]>("--label", "-l") { Description = "Only hosts with this label (k=v); repeatable", AllowMultipleArgumentsPerToken = false };
        var status = new Option<string?>("--status") { Description = "Only hosts with this status: ok, degraded, failed, silent, revoked" };
        var command = api.AddTo(new Command("hosts", "List every host with its status, last contact and headline numbers") { label, status });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var query = string.Join("&", (parse.GetValue(label) ?? []).Select(l => "label=" + Uri.EscapeDataString(l))
                .Concat(parse.GetValue(status) is { } s ? ["status=" + Uri.EscapeDataString(s)] : []));
            var json = await client.GetAsync("/api/v1/hosts" + (query.Length > 0 ? "?" + query : ""), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("HOST", "STATUS", "LAST SEEN", "CPU", "MEMORY", "LOAD", "OS", "LABELS", "PROBLEMS");
                foreach (var host in json["hosts"]!.AsArray())
                {
                    var problems = host!["problems"]!.AsArray().Select(p => $"{Display.Text(p!["source"])}: {Display.Text(p["reason"])}");
                    table.AddRow(
                        Markup.Escape(Display.Text(host["hostname"])),
                        Printer.StatusMarkup(Display.Text(host["status"])),
                        Display.Ago(host["last_seen"], now),
                        Display.Percent(host["cpu_utilization"]),
                        Display.Percent(host["memory_utilization"]),
                        Display.Number(host["load1"]) is { } load ? Display.Number(load) : "–",
                        Markup.Escape(Display.Text(host["os"])),
                        Markup.Escape(Display.Labels(host["labels"])),
                        Markup.Escape(string.Join("; ", problems)));
                }
                table.Caption($"{json["hosts"]!.AsArray().Count} hosts");
                return table;
            });
        });
        return command;
    }
}

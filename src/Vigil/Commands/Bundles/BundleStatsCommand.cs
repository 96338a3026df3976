using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Bundles;

/// <summary><c>vigil bundles stats</c>: logical against stored bytes, fleet-wide and by host.</summary>
public static class BundleStatsCommand
{
    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var command = api.AddTo(new Command("stats", "Deduplication: bytes the bundles hold against bytes the server stores, fleet-wide and by host"));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/bundles/stats", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var f = json["fleet"]!;
                var fleet = Printer.Table("BUNDLES", "HOSTS", "LOGICAL", "AFTER DEDUP", "STORED", "RATIO");
                fleet.AddRow(Display.Text(f["bundles"]), Display.Text(f["hosts"]), Display.Bytes(Display.Number(f["logical_bytes"]) ?? 0),
                    Display.Bytes(Display.Number(f["unique_bytes"]) ?? 0), Display.Bytes(Display.Number(f["stored_bytes"]) ?? 0), Ratio(f["ratio"]));
                var hosts = Printer.Table("HOST", "BUNDLES", "LOGICAL", "NEW", "RATIO", "LATEST");
                foreach (var h in json["hosts"]!.AsArray())
                {
                    hosts.AddRow(Markup.Escape(Display.Text(h!["host"])), Display.Text(h["bundles"]), Display.Bytes(Display.Number(h["logical_bytes"]) ?? 0),
                        Display.Bytes(Display.Number(h["new_bytes"]) ?? 0), Ratio(h["ratio"]), Display.Ago(h["latest"], time.GetUtcNow()));
                }
                return new Rows(new IRenderable[] { fleet, hosts });
            });
        });
        return command;
    }

    private static string Ratio(System.Text.Json.Nodes.JsonNode? node) =>
        Markup.Escape((Display.Number(node) ?? 0).ToString("0.0", CultureInfo.InvariantCulture) + "×");
}

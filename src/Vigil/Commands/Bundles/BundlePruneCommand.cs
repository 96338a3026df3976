using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Bundles;

/// <summary><c>vigil bundles prune</c>: apply bundle retention now, as the server's maintenance does every minute.</summary>
public static class BundlePruneCommand
{
    public static Command Build()
    {
        var api = new ApiOptions();
        var perHost = new Option<int?>("--keep-per-host") { Description = "Keep the newest N of each host (default: the server's bundles.keep_per_host; 0: no such rule)" };
        var days = new Option<double?>("--keep-days") { Description = "Keep every bundle younger than D days (default: the server's bundles.keep_days; 0: no such rule)" };
        var command = api.AddTo(new Command("prune", "Remove the bundles retention does not keep and reclaim their space (admin)") { perHost, days });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var body = new JsonObject { ["keep_per_host"] = parse.GetValue(perHost), ["keep_days"] = parse.GetValue(days) };
            var json = await client.PostAsync("/api/v1/bundles/retention", body, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var removed = json["bundles_removed"]!.AsArray();
                var reclaimed = (Display.Number(json["bytes_before"]) ?? 0) - (Display.Number(json["bytes_after"]) ?? 0);
                return new Markup($"removed {removed.Count} bundles{(removed.Count > 0 ? " (" + Markup.Escape(string.Join(", ", removed.Select(r => Display.Text(r)))) + ")" : "")}, reclaimed {Display.Bytes(reclaimed)}\n");
            });
        });
        return command;
    }
}

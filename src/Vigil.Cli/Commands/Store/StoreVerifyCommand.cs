using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Blobs.Maintenance;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store verify</c>: re-hash everything; name every damaged object; exit 1 when any.</summary>
public static class StoreVerifyCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var command = options.AddTo(new Command("verify", "Re-read and re-hash every pack, blob, index file and snapshot; list the damaged ones (exit code 1 when any)"));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var store = await options.OpenAsync(parse, time, create: false, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(options.Format);
            var report = await StoreProgressBar.RunAsync(format, "verify", p => new Verifier(store).RunAsync(p, cancellationToken)).ConfigureAwait(false);
            Print(format, report);
            return report.Ok ? 0 : 1;
        });
        return command;
    }

    private static void Print(OutputFormat format, VerifyReport report)
    {
        var json = new JsonObject
        {
            ["ok"] = report.Ok,
            ["packs"] = report.Packs,
            ["blobs"] = report.Blobs,
            ["index_files"] = report.IndexFiles,
            ["snapshots"] = report.Snapshots,
            ["bytes_read"] = report.BytesRead,
            ["damages"] = new JsonArray([.. report.Damages.Select(d => (JsonNode)new JsonObject { ["kind"] = d.Kind, ["name"] = d.Name, ["problem"] = d.Problem })]),
            ["notes"] = new JsonArray([.. report.Notes.Select(n => (JsonNode)n)]),
        };
        Printer.Print(format, json, () =>
        {
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{report.Packs} packs, {report.Blobs} blobs, {report.IndexFiles} index files, {report.Snapshots} snapshots, {Display.Bytes(report.BytesRead)} re-hashed: ");
            if (report.Damages.Count == 0 && report.Notes.Count == 0)
            {
                // Nothing to list: a table with no rows would squeeze the summary into its empty columns.
                return new Markup(Markup.Escape(summary) + "[green]no damage[/]" + Environment.NewLine);
            }
            var table = Printer.Table("KIND", "OBJECT", "PROBLEM");
            foreach (var d in report.Damages)
            {
                table.AddRow($"[red]{Markup.Escape(d.Kind)}[/]", Markup.Escape(d.Name), Markup.Escape(d.Problem));
            }
            foreach (var n in report.Notes)
            {
                table.AddRow("[grey]note[/]", "", Markup.Escape(n));
            }
            table.Caption(summary + (report.Ok ? "no damage" : $"{report.Damages.Count} problems"));
            return table;
        });
    }
}

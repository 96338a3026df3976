using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Blobs.Maintenance;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store repair</c>: rebuild the index from the packs, salvage intact blobs of damaged packs, report what is lost.</summary>
public static class StoreRepairCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var command = options.AddTo(new Command("repair", "Rebuild the index from the packs, move intact blobs out of damaged packs, drop the damaged ones; lists snapshots left incomplete (exit code 1 when any)"));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var store = await options.OpenAsync(parse, time, create: false, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(options.Format);
            var result = await StoreProgressBar.RunAsync(format, "repair", p => new Repairer(store).RunAsync(p, cancellationToken)).ConfigureAwait(false);
            var json = new JsonObject
            {
                ["packs_scanned"] = result.PacksScanned,
                ["damaged_packs_removed"] = new JsonArray([.. result.DamagedPacksRemoved.Select(p => (JsonNode)p)]),
                ["blobs_salvaged"] = result.BlobsSalvaged,
                ["blobs_recovered_from_copies"] = result.BlobsRecoveredFromCopies,
                ["blobs_lost"] = new JsonArray([.. result.BlobsLost.Select(b => (JsonNode)b)]),
                ["index_files_replaced"] = result.IndexFilesReplaced,
                ["incomplete_snapshots"] = new JsonArray([.. result.IncompleteSnapshots.Select(s => (JsonNode)s)]),
            };
            Printer.Print(format, json, () =>
            {
                var table = Printer.Table("PACKS SCANNED", "DAMAGED PACKS REMOVED", "BLOBS SALVAGED", "FROM COPIES", "BLOBS LOST", "INDEX FILES REPLACED");
                table.AddRow(
                    result.PacksScanned.ToString(CultureInfo.InvariantCulture),
                    result.DamagedPacksRemoved.Count.ToString(CultureInfo.InvariantCulture),
                    result.BlobsSalvaged.ToString(CultureInfo.InvariantCulture),
                    result.BlobsRecoveredFromCopies.ToString(CultureInfo.InvariantCulture),
                    result.BlobsLost.Count.ToString(CultureInfo.InvariantCulture),
                    result.IndexFilesReplaced.ToString(CultureInfo.InvariantCulture));
                if (result.IncompleteSnapshots.Count > 0)
                {
                    table.Caption(Markup.Escape($"incomplete (add the same files again to heal): {string.Join("; ", result.IncompleteSnapshots.Take(10))}"));
                }
                return table;
            });
            return result.IncompleteSnapshots.Count == 0 ? 0 : 1;
        });
        return command;
    }
}

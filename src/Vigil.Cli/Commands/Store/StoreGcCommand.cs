using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Blobs.Maintenance;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store gc</c>: apply retention, then delete every blob no snapshot needs. Safe while adds run.</summary>
public static class StoreGcCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var keepLast = new Option<int?>("--keep-last") { Description = "Keep the newest N snapshots of each host" };
        var keepDays = new Option<double?>("--keep-days") { Description = "Keep every snapshot younger than D days" };
        var wait = new Option<int>("--wait-for-adds") { Description = "Seconds to wait for adds that were running when gc started (default 600)", DefaultValueFactory = _ => 600 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be removed; change nothing" };
        var command = options.AddTo(new Command("gc", "Remove snapshots by retention (keep the last N per host and/or D days), then every blob no snapshot needs; adds may run meanwhile") { keepLast, keepDays, wait, dryRun });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var store = await options.OpenAsync(parse, time, create: false, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(options.Format);
            var gcOptions = new GcOptions
            {
                Retention = new RetentionPolicy { KeepLastPerHost = parse.GetValue(keepLast), KeepWithin = parse.GetValue(keepDays) is { } d ? TimeSpan.FromDays(d) : null },
                WaitForAdds = TimeSpan.FromSeconds(parse.GetValue(wait)),
                DryRun = parse.GetValue(dryRun),
            };
            var result = await StoreProgressBar.RunAsync(format, "gc", p => new GarbageCollector(store).RunAsync(gcOptions, p, cancellationToken)).ConfigureAwait(false);
            var json = new JsonObject
            {
                ["dry_run"] = result.DryRun,
                ["snapshots_removed"] = new JsonArray([.. result.SnapshotsRemoved.Select(s => (JsonNode)s)]),
                ["blobs_removed"] = result.BlobsRemoved,
                ["packs_rewritten"] = result.PacksRewritten,
                ["packs_deleted"] = result.PacksDeleted,
                ["index_files_replaced"] = result.IndexFilesReplaced,
                ["pack_bytes_before"] = result.BytesBefore,
                ["pack_bytes_after"] = result.BytesAfter,
            };
            Printer.Print(format, json, () =>
            {
                var table = Printer.Table("SNAPSHOTS REMOVED", "BLOBS REMOVED", "PACKS REWRITTEN", "PACKS DELETED", "PACK BYTES BEFORE", "AFTER");
                table.AddRow(
                    result.SnapshotsRemoved.Count.ToString(CultureInfo.InvariantCulture),
                    result.BlobsRemoved.ToString(CultureInfo.InvariantCulture),
                    result.PacksRewritten.ToString(CultureInfo.InvariantCulture),
                    result.PacksDeleted.ToString(CultureInfo.InvariantCulture),
                    Display.Bytes(result.BytesBefore),
                    Display.Bytes(result.BytesAfter));
                if (result.DryRun)
                {
                    table.Caption("dry run: nothing was changed");
                }
                return table;
            });
        });
        return command;
    }
}

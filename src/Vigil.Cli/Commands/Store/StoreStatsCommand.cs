using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Blobs.Maintenance;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store stats</c>: logical against stored bytes, store-wide and per host.</summary>
public static class StoreStatsCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var command = options.AddTo(new Command("stats", "Logical bytes against bytes stored (dedup and compression), for the store and per host"));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var store = await options.OpenAsync(parse, time, create: false, cancellationToken).ConfigureAwait(false);
            var stats = await StoreErrors.Guard(() => StoreStats.ComputeAsync(store, cancellationToken)).ConfigureAwait(false);
            var json = new JsonObject
            {
                ["snapshots"] = stats.Snapshots,
                ["blobs"] = stats.Blobs,
                ["packs"] = stats.Packs,
                ["logical_bytes"] = stats.LogicalBytes,
                ["unique_bytes"] = stats.UniqueBytes,
                ["stored_bytes"] = stats.StoredBytes,
                ["ratio"] = Math.Round(stats.Ratio, 2),
                ["hosts"] = new JsonArray([.. stats.Hosts.Select(h => (JsonNode)new JsonObject
                {
                    ["host"] = h.Host,
                    ["snapshots"] = h.Snapshots,
                    ["logical_bytes"] = h.LogicalBytes,
                    ["latest"] = h.Latest.ToString("O", CultureInfo.InvariantCulture),
                })]),
            };
            Printer.Print(parse.GetValue(options.Format), json, () =>
            {
                var totals = Printer.Table("SNAPSHOTS", "BLOBS", "PACKS", "LOGICAL", "AFTER DEDUP", "STORED", "RATIO");
                totals.AddRow(
                    stats.Snapshots.ToString(CultureInfo.InvariantCulture),
                    stats.Blobs.ToString(CultureInfo.InvariantCulture),
                    stats.Packs.ToString(CultureInfo.InvariantCulture),
                    Display.Bytes(stats.LogicalBytes),
                    Display.Bytes(stats.UniqueBytes),
                    Display.Bytes(stats.StoredBytes),
                    Markup.Escape(stats.Ratio.ToString("0.0", CultureInfo.InvariantCulture) + "×"));
                var hosts = Printer.Table("HOST", "SNAPSHOTS", "LOGICAL", "LATEST");
                foreach (var h in stats.Hosts)
                {
                    hosts.AddRow(Markup.Escape(h.Host), h.Snapshots.ToString(CultureInfo.InvariantCulture), Display.Bytes(h.LogicalBytes), h.Latest.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                }
                return new Rows(new IRenderable[] { totals, hosts });
            });
        });
        return command;
    }
}

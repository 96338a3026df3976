using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Blobs;
using Vigil.Cli.Client;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store add --repo DIR PATH...</c>: store files and folders as one new snapshot.</summary>
public static class StoreAddCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var paths = new Argument<string[]>("PATH") { Description = "Files and folders to store (a folder's contents land at the snapshot's root)", Arity = ArgumentArity.OneOrMore };
        var host = new Option<string?>("--host") { Description = "Host the files came from (default: this machine's name)" };
        var at = new Option<string?>("--time") { Description = "When the files were taken, ISO 8601 (default: now)" };
        var tags = new Option<string[]>("--tag") { Description = "A tag for the snapshot; repeatable" };
        var command = options.AddTo(new Command("add", "Store files and folders as one snapshot; prints logical bytes, new bytes stored and the dedup ratio") { paths, host, at, tags });
        command.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset? taken = null;
            if (parse.GetValue(at) is { } text)
            {
                taken = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
                    : throw new CliException($"--time: '{text}' is not an ISO 8601 time");
            }
            using var store = await options.OpenAsync(parse, time, create: true, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(options.Format);
            var addOptions = new AddOptions { Host = parse.GetValue(host), Time = taken, Tags = parse.GetValue(tags) ?? [] };
            var result = await StoreProgressBar.RunAsync(format, "add", p => store.AddAsync(parse.GetValue(paths)!, addOptions, p, cancellationToken)).ConfigureAwait(false);
            var json = new JsonObject
            {
                ["snapshot"] = result.SnapshotId,
                ["files"] = result.Files,
                ["logical_bytes"] = result.LogicalBytes,
                ["new_blobs"] = result.NewBlobs,
                ["new_raw_bytes"] = result.NewRawBytes,
                ["stored_bytes"] = result.StoredBytes,
                ["dedup_ratio"] = Math.Round(result.DedupRatio, 2),
                ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
            };
            Printer.Print(format, json, () =>
            {
                var table = Printer.Table("SNAPSHOT", "FILES", "LOGICAL", "NEW (RAW)", "STORED", "RATIO", "MB/S");
                table.AddRow(
                    result.SnapshotId[..12],
                    result.Files.ToString(CultureInfo.InvariantCulture),
                    Display.Bytes(result.LogicalBytes),
                    Display.Bytes(result.NewRawBytes),
                    Display.Bytes(result.StoredBytes),
                    Markup.Escape(result.DedupRatio.ToString("0.0", CultureInfo.InvariantCulture) + "×"),
                    (result.LogicalBytes / 1e6 / Math.Max(1e-6, result.Elapsed.TotalSeconds)).ToString("0.0", CultureInfo.InvariantCulture));
                return table;
            });
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store ls [SNAPSHOT]</c>: the snapshots, or the files of one.</summary>
public static class StoreLsCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var snapshot = new Argument<string?>("SNAPSHOT") { Description = "List this snapshot's files (id or unambiguous prefix)", Arity = ArgumentArity.ZeroOrOne };
        var host = new Option<string?>("--host") { Description = "Only snapshots of this host" };
        var command = options.AddTo(new Command("ls", "List snapshots (newest last), or the files of one snapshot") { snapshot, host });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var store = await options.OpenAsync(parse, time, create: false, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(options.Format);
            if (parse.GetValue(snapshot) is { } id)
            {
                var one = await StoreErrors.Guard(() => store.FindSnapshotAsync(id, cancellationToken)).ConfigureAwait(false);
                var files = new JsonArray([.. one.Snapshot.Files.Select(f => (JsonNode)new JsonObject
                {
                    ["path"] = f.Path,
                    ["type"] = f.Type,
                    ["mode"] = Convert.ToString(f.Mode, 8),
                    ["size"] = f.Size,
                    ["mtime"] = f.Mtime.ToString("O", CultureInfo.InvariantCulture),
                })]);
                Printer.Print(format, new JsonObject { ["snapshot"] = one.Id, ["files"] = files }, () =>
                {
                    var table = Printer.Table("PATH", "TYPE", "MODE", "SIZE", "MODIFIED");
                    foreach (var f in one.Snapshot.Files)
                    {
                        table.AddRow(Markup.Escape(f.Path + (f.Target is { } t ? " -> " + t : "")), f.Type, Convert.ToString(f.Mode, 8), f.Type == "file" ? Display.Bytes(f.Size) : "", f.Mtime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                    }
                    table.Caption($"snapshot {one.Id[..12]}: {one.Snapshot.Files.Count} paths");
                    return table;
                });
                return;
            }
            var all = (await StoreErrors.Guard(() => store.ListSnapshotsAsync(cancellationToken)).ConfigureAwait(false))
                .Where(s => parse.GetValue(host) is not { } h || s.Snapshot.Host == h).ToList();
            var json = new JsonObject
            {
                ["snapshots"] = new JsonArray([.. all.Select(s => (JsonNode)new JsonObject
                {
                    ["id"] = s.Id,
                    ["time"] = s.Snapshot.Time.ToString("O", CultureInfo.InvariantCulture),
                    ["host"] = s.Snapshot.Host,
                    ["files"] = s.Snapshot.Files.Count(f => f.Type == "file"),
                    ["logical_bytes"] = s.Snapshot.LogicalBytes,
                    ["tags"] = new JsonArray([.. s.Snapshot.Tags.Select(t => (JsonNode)t)]),
                    ["paths"] = new JsonArray([.. s.Snapshot.Paths.Select(p => (JsonNode)p)]),
                })]),
            };
            Printer.Print(format, json, () =>
            {
                var table = Printer.Table("ID", "TIME", "HOST", "FILES", "LOGICAL", "TAGS", "PATHS");
                foreach (var s in all)
                {
                    table.AddRow(s.ShortId, s.Snapshot.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(s.Snapshot.Host),
                        s.Snapshot.Files.Count(f => f.Type == "file").ToString(CultureInfo.InvariantCulture), Display.Bytes(s.Snapshot.LogicalBytes),
                        Markup.Escape(string.Join(",", s.Snapshot.Tags)), Markup.Escape(string.Join(" ", s.Snapshot.Paths)));
                }
                table.Caption($"{all.Count} snapshots");
                return table;
            });
        });
        return command;
    }
}

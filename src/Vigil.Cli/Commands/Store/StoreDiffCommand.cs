using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Blobs.Snapshots;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store diff A B</c>: files added, removed and changed from snapshot A to snapshot B.</summary>
public static class StoreDiffCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var a = new Argument<string>("SNAPSHOT_A") { Description = "The earlier snapshot" };
        var b = new Argument<string>("SNAPSHOT_B") { Description = "The later snapshot" };
        var command = options.AddTo(new Command("diff", "Files added, removed and changed between two snapshots (compared by content id; no data is read)") { a, b });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var store = await options.OpenAsync(parse, time, create: false, cancellationToken).ConfigureAwait(false);
            var before = await StoreErrors.Guard(() => store.FindSnapshotAsync(parse.GetValue(a)!, cancellationToken)).ConfigureAwait(false);
            var after = await StoreErrors.Guard(() => store.FindSnapshotAsync(parse.GetValue(b)!, cancellationToken)).ConfigureAwait(false);
            var changes = SnapshotDiff.Compare(before.Snapshot, after.Snapshot);
            var json = new JsonObject
            {
                ["before"] = before.Id,
                ["after"] = after.Id,
                ["added"] = changes.Count(c => c.Change == "added"),
                ["removed"] = changes.Count(c => c.Change == "removed"),
                ["changed"] = changes.Count(c => c.Change == "changed"),
                ["changes"] = new JsonArray([.. changes.Select(c => (JsonNode)new JsonObject
                {
                    ["path"] = c.Path,
                    ["change"] = c.Change,
                    ["size_before"] = c.SizeBefore,
                    ["size_after"] = c.SizeAfter,
                })]),
            };
            Printer.Print(parse.GetValue(options.Format), json, () =>
            {
                var table = Printer.Table("CHANGE", "PATH", "BEFORE", "AFTER");
                foreach (var c in changes)
                {
                    var mark = c.Change switch { "added" => "[green]+ added[/]", "removed" => "[red]- removed[/]", _ => "[yellow]~ changed[/]" };
                    table.AddRow(mark, Markup.Escape(c.Path), c.SizeBefore is { } s1 ? Display.Bytes(s1) : "", c.SizeAfter is { } s2 ? Display.Bytes(s2) : "");
                }
                table.Caption($"{before.ShortId} → {after.ShortId}: {json["added"]} added, {json["removed"]} removed, {json["changed"]} changed");
                return table;
            });
        });
        return command;
    }
}

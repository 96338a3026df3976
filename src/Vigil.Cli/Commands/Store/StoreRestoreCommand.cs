using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Blobs.Restoring;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Store;

/// <summary><c>vigil store restore SNAPSHOT --target DIR</c>: write a snapshot's files back, checked chunk by chunk.</summary>
public static class StoreRestoreCommand
{
    public static Command Build(TimeProvider time)
    {
        var options = new StoreOptions();
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "Snapshot id or unambiguous prefix" };
        var target = new Option<string>("--target", "-t") { Description = "Folder to restore into (created if absent); nothing is ever written outside it", Required = true };
        var command = options.AddTo(new Command("restore", "Restore a snapshot's files into a folder") { snapshot, target });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var store = await options.OpenAsync(parse, time, create: false, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(options.Format);
            var one = await StoreErrors.Guard(() => store.FindSnapshotAsync(parse.GetValue(snapshot)!, cancellationToken)).ConfigureAwait(false);
            var result = await StoreProgressBar.RunAsync(format, "restore", p => new Restorer(store).RunAsync(one, parse.GetValue(target)!, p, cancellationToken)).ConfigureAwait(false);
            var json = new JsonObject
            {
                ["snapshot"] = one.Id,
                ["target"] = Path.GetFullPath(parse.GetValue(target)!),
                ["files"] = result.Files,
                ["folders"] = result.Folders,
                ["symlinks"] = result.Symlinks,
                ["bytes"] = result.Bytes,
            };
            Printer.Print(format, json, () => new Markup(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"restored snapshot {one.ShortId} into {json["target"]}: {result.Files} files ({Display.Bytes(result.Bytes)}), {result.Folders} folders, {result.Symlinks} symlinks")) + "\n"));
        });
        return command;
    }
}

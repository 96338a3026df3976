using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Client;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Bundles;

/// <summary><c>vigil bundles get ID --out FILE</c>: the bundle re-assembled from the store (tar.zst), or one file of it with <c>--file</c>.</summary>
public static class BundleGetCommand
{
    public static Command Build()
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "Bundle id" };
        var output = new Option<string>("--out", "-o") { Description = "Where to write it (default bundle-ID.tar.zst, or the file's name)" };
        var file = new Option<string?>("--file") { Description = "Only this file of the bundle, e.g. report.html" };
        var command = api.AddTo(new Command("get", "Download a bundle (tar.zst re-assembled from the store) or one of its files") { id, output, file });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var bundle = parse.GetValue(id)!;
            var one = parse.GetValue(file);
            var target = parse.GetValue(output) ?? (one is null ? $"bundle-{bundle}.tar.zst" : Path.GetFileName(one));
            var path = one is null
                ? $"/api/v1/bundles/{Uri.EscapeDataString(bundle)}/download"
                : $"/api/v1/bundles/{Uri.EscapeDataString(bundle)}/files/{string.Join('/', one.Split('/').Select(Uri.EscapeDataString))}?download=true";
            var partial = target + ".part";
            long bytes;
            try
            {
                await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    bytes = await client.DownloadAsync(path, stream, cancellationToken).ConfigureAwait(false);
                }
                File.Move(partial, target, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            var json = new JsonObject { ["id"] = bundle, ["file"] = one, ["out"] = Path.GetFullPath(target), ["bytes"] = bytes };
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup($"wrote {Markup.Escape(Path.GetFullPath(target))} ({Display.Bytes(bytes)})\n"));
        });
        return command;
    }
}

using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Bundles;

/// <summary><c>vigil bundles show ID</c>: one bundle's headline, its problems first, then every file.</summary>
public static class BundleShowCommand
{
    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "Bundle id" };
        var command = api.AddTo(new Command("show", "One bundle: who, when, its problems and its files") { id });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync($"/api/v1/bundles/{Uri.EscapeDataString(parse.GetValue(id)!)}", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var b = json["bundle"]!;
                var head = new Markup($"[bold]{Markup.Escape(Display.Text(b["id"]))}[/] from {Markup.Escape(Display.Text(b["host"]))}, {Display.Ago(b["created"], time.GetUtcNow())}, "
                    + $"profile {Markup.Escape(Display.Text(b["profile"]))}, {Display.Text(b["files"])} files, {Display.Bytes(Display.Number(b["logical_bytes"]) ?? 0)}, "
                    + $"{Display.Text(b["redactions"])} redactions\n");
                var problems = Printer.Table("SEVERITY", "PROBLEM", "FILE");
                foreach (var p in b["problems"]!.AsArray())
                {
                    problems.AddRow(Markup.Escape(Display.Text(p!["severity"])), Markup.Escape(Display.Text(p["summary"])), Markup.Escape(Display.Text(p["file"])));
                }
                var files = Printer.Table("PATH", "SIZE", "COLLECTOR", "REDACTIONS");
                foreach (var f in json["files"]!.AsArray())
                {
                    files.AddRow(Markup.Escape(Display.Text(f!["path"])), Display.Bytes(Display.Number(f["size"]) ?? 0), Markup.Escape(Display.Text(f["collector"])), Display.Text(f["redactions"]));
                }
                return new Rows(new IRenderable[] { head, problems, files });
            });
        });
        return command;
    }
}

using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Bundles;

/// <summary><c>vigil bundles diff A B</c>: files added, removed and changed from bundle A to bundle B.</summary>
public static class BundleDiffCommand
{
    public static Command Build()
    {
        var api = new ApiOptions();
        var a = new Argument<string>("a") { Description = "The earlier bundle's id" };
        var b = new Argument<string>("b") { Description = "The later bundle's id" };
        var command = api.AddTo(new Command("diff", "Files added, removed and changed between two bundles") { a, b });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync($"/api/v1/bundles/{Uri.EscapeDataString(parse.GetValue(a)!)}/diff/{Uri.EscapeDataString(parse.GetValue(b)!)}", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var table = Printer.Table("CHANGE", "PATH", "BEFORE", "AFTER");
                foreach (var c in json["changes"]!.AsArray())
                {
                    var change = Display.Text(c!["change"]);
                    var color = change switch { "added" => "green", "removed" => "red", _ => "yellow" };
                    table.AddRow($"[{color}]{change}[/]", Markup.Escape(Display.Text(c["path"])),
                        c["size_before"] is null ? "–" : Display.Bytes(Display.Number(c["size_before"]) ?? 0),
                        c["size_after"] is null ? "–" : Display.Bytes(Display.Number(c["size_after"]) ?? 0));
                }
                var summary = new Markup($"{Display.Text(json["added"])} added, {Display.Text(json["removed"])} removed, {Display.Text(json["changed"])} changed\n");
                return new Rows(new IRenderable[] { table, summary });
            });
        });
        return command;
    }
}

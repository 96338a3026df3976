using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Client;
using Vigil.Cli.Commands;

namespace Vigil.Cli.Output;

/// <summary>Writes a command's result: the JSON as the API returned it, or the rendering the command built.</summary>
public static class Printer
{
    public static void Print(OutputFormat format, JsonNode json, Func<IRenderable> table)
    {
        if (format == OutputFormat.Json)
        {
            Console.Out.WriteLine(json.ToJsonString(CliJson.Options));
            return;
        }
        AnsiConsole.Write(table());
    }

    public static Table Table(params string[] columns)
    {
        // Piped output (grep, less, a test) has no terminal width: let rows run long rather than wrap mid-word.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 400;
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{Markup.Escape(column)}[/]")));
        }
        return table;
    }

    public static string StatusMarkup(string status) => status switch
    {
        "ok" => "[green]ok[/]",
        "degraded" => "[yellow]degraded[/]",
        "failed" => "[red]failed[/]",
        "silent" => "[red]silent[/]",
        "revoked" => "[grey]revoked[/]",
        _ => Markup.Escape(status),
    };
}

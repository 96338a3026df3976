using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Bundles;

/// <summary><c>vigil bundles ls [HOST]</c>: bundles newest first, of one host or of the fleet.</summary>
public static class BundleLsCommand
{
    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var host = new Argument<string?>("host") { Description = "Host id or hostname (default: every host)", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "At most this many", DefaultValueFactory = _ => 100 };
        var command = api.AddTo(new Command("ls", "List bundles, newest first") { host, limit });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var path = parse.GetValue(host) is { } h ? $"/api/v1/hosts/{Uri.EscapeDataString(h)}/bundles" : "/api/v1/bundles";
            var json = await client.GetAsync($"{path}?limit={parse.GetValue(limit)}", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => Table(json["bundles"]!.AsArray(), time.GetUtcNow()));
        });
        return command;
    }

    internal static Table Table(JsonArray bundles, DateTimeOffset now)
    {
        var table = Printer.Table("ID", "HOST", "CREATED", "PROFILE", "FILES", "SIZE", "NEW", "PROBLEMS");
        foreach (var b in bundles)
        {
            var problems = b!["problems"]?.AsArray() ?? [];
            table.AddRow(Markup.Escape(Display.Text(b["id"])), Markup.Escape(Display.Text(b["host"])), Display.Ago(b["created"], now),
                Markup.Escape(Display.Text(b["profile"])), Display.Text(b["files"]), Display.Bytes(Display.Number(b["logical_bytes"]) ?? 0),
                Display.Bytes(Display.Number(b["new_bytes"]) ?? 0), problems.Count == 0 ? "–" : Markup.Escape(problems.Count + ": " + Display.Text(problems[0]?["summary"])));
        }
        return table;
    }
}

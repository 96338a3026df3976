using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Client;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary>How an action and its results read in a terminal: facts, a summary line, one row per host, and the output of a single host.</summary>
public static class ActionRendering
{
    public static string StateMarkup(string state) => state switch
    {
        "succeeded" or "done" => $"[green]{state}[/]",
        "failed" or "refused" or "rejected" => $"[red]{state}[/]",
        "expired" => "[red]timed out[/]",
        "pending_approval" => "[yellow]waiting for approval[/]",
        _ => $"[grey]{Markup.Escape(state)}[/]",
    };

    public static IRenderable Detail(JsonNode json, DateTimeOffset now)
    {
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Fact(string key, string value) => facts.AddRow(new Markup($"[grey]{key}[/]"), new Markup(Markup.Escape(value)));
        Fact("action", $"{Display.Text(json["action"])} {string.Join(" ", json["parameters"]!.AsObject().Select(p => $"{p.Key}={Shorten(Display.Text(p.Value))}"))}");
        Fact("id", Display.Text(json["id"]));
        facts.AddRow(new Markup("[grey]state[/]"), new Markup(StateMarkup(Display.Text(json["state"]))));
        Fact("targets", Display.Text(json["targeting"]));
        Fact("requested", $"by {Display.Text(json["requested_by"])} {Display.Ago(json["requested_at"], now)}");
        if (json["decided_by"] is { } decider)
        {
            Fact("decided", $"by {Display.Text(decider)} {Display.Ago(json["decided_at"], now)}");
        }
        Fact("expires", Display.Text(json["expires_at"]));
        var s = json["summary"]!;
        var summary = $"{s["hosts"]} hosts: {s["succeeded"]} succeeded, {s["failed"]} failed, {s["refused"]} refused, {s["timed_out"]} timed out, {s["pending"]} pending";
        var table = Printer.Table("HOST", "STATE", "CODE", "ERROR", "FINISHED");
        var results = json["results"]!.AsArray();
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(Display.Text(r!["hostname"])), StateMarkup(Display.Text(r["state"])), Markup.Escape(Display.Text(r["code"])),
                Markup.Escape(Display.Text(r["error"])), Display.Ago(r["finished_at"], now));
        }
        var parts = new List<IRenderable> { new Panel(facts).Header("action").Expand(), new Markup(Markup.Escape(summary) + "\n"), table };
        if (results.Count == 1 && results[0]!["output"] is { } output)
        {
            parts.Add(new Rule("output").LeftJustified());
            parts.Add(new Text(output.ToJsonString(CliJson.Options) + "\n"));
        }
        return new Rows(parts);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil action group save|list</c>: named label selectors to target actions with <c>--group</c>.</summary>
public static class ActionGroupCommands
{
    public static Command Build()
    {
        var group = new Command("group", "Saved groups: a name for a label selector");
        var api = new ApiOptions();
        var name = new Argument<string>("name") { Description = "Group name" };
        var select = new Option<string>("--select") { Description = "Label selector, e.g. role=db,os=debian", Required = true };
        var save = api.AddTo(new Command("save", "Save (or replace) a group") { name, select });
        save.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.PutAsync("/api/v1/action-groups/" + Uri.EscapeDataString(parse.GetValue(name)!), new JsonObject { ["select"] = parse.GetValue(select) }, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup($"group {Markup.Escape(Display.Text(json["name"]))} = {Markup.Escape(Display.Text(json["select"]))}\n"));
        });
        var listApi = new ApiOptions();
        var list = listApi.AddTo(new Command("list", "Every saved group"));
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = listApi.Client(parse);
            var json = await client.GetAsync("/api/v1/action-groups", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(listApi.Format), json, () =>
            {
                var table = Printer.Table("GROUP", "SELECTOR", "SAVED BY");
                foreach (var g in json["groups"]!.AsArray())
                {
                    table.AddRow(Markup.Escape(Display.Text(g!["name"])), Markup.Escape(Display.Text(g["select"])), Markup.Escape(Display.Text(g["created_by"])));
                }
                return table;
            });
        });
        group.Subcommands.Add(save);
        group.Subcommands.Add(list);
        return group;
    }
}

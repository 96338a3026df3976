using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Client;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil action run|approve|reject|show|list|catalog|group</c>: remote actions on one host or a fleet.</summary>
public static class ActionCommands
{
    public static Command Build(TimeProvider time)
    {
        var action = new Command("action", "Remote actions: run diagnostics (and, with approval, changes) on hosts through their agents");
        action.Subcommands.Add(ActionRunCommand.Build(time));
        action.Subcommands.Add(Decide("approve", "Approve a privileged action someone else requested; it is signed and sent"));
        action.Subcommands.Add(Decide("reject", "Reject a privileged action waiting for approval"));
        action.Subcommands.Add(Show(time));
        action.Subcommands.Add(List(time));
        action.Subcommands.Add(Catalog());
        action.Subcommands.Add(ActionGroupCommands.Build());
        return action;
    }

    private static Command Decide(string verb, string description)
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "Action id (act_…)" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept in the audit log)" };
        var command = api.AddTo(new Command(verb, description) { id });
        if (verb == "reject")
        {
            command.Options.Add(reason);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var body = verb == "reject" ? new JsonObject { ["reason"] = parse.GetValue(reason) } : new JsonObject();
            var json = await client.PostAsync($"/api/v1/actions/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}", body, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup($"{Markup.Escape(Display.Text(json["id"]))} is now [bold]{Markup.Escape(Display.Text(json["state"]))}[/]\n"));
        });
        return command;
    }

    private static Command Show(TimeProvider time)
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "Action id (act_…)" };
        var command = api.AddTo(new Command("show", "One action: who asked, who approved, and every host's result") { id });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/actions/" + Uri.EscapeDataString(parse.GetValue(id)!), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => ActionRendering.Detail(json, time.GetUtcNow()));
        });
        return command;
    }

    private static Command List(TimeProvider time)
    {
        var api = new ApiOptions();
        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 50 };
        var command = api.AddTo(new Command("list", "Recent actions, newest first") { limit });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync($"/api/v1/actions?limit={parse.GetValue(limit)}", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("ID", "ACTION", "TARGETS", "STATE", "HOSTS", "REQUESTED BY", "WHEN");
                foreach (var a in json["actions"]!.AsArray())
                {
                    var counts = a!["counts"]!.AsObject().Select(p => $"{p.Key} {Display.Text(p.Value)}");
                    table.AddRow(Markup.Escape(Display.Text(a["id"])), Markup.Escape(Display.Text(a["action"])), Markup.Escape(Display.Text(a["targeting"])),
                        ActionRendering.StateMarkup(Display.Text(a["state"])), Markup.Escape(string.Join(", ", counts)), Markup.Escape(Display.Text(a["requested_by"])), Display.Ago(a["requested_at"], now));
                }
                return table;
            });
        });
        return command;
    }

    private static Command Catalog()
    {
        var api = new ApiOptions();
        var command = api.AddTo(new Command("catalog", "Every action with its parameters; privileged ones need an admin and approval"));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/actions/catalog", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var table = Printer.Table("ACTION", "PRIVILEGED", "PARAMETERS", "WHAT IT DOES");
                foreach (var a in json["actions"]!.AsArray())
                {
                    var required = a!["parameters"]!["required"]!.AsArray().Select(Display.Text).ToHashSet(StringComparer.Ordinal);
                    var parameters = a["parameters"]!["properties"]!.AsObject().Select(p => required.Contains(p.Key) ? p.Key + "*" : p.Key);
                    table.AddRow(Markup.Escape(Display.Text(a["name"])), a["privileged"]!.GetValue<bool>() ? "[yellow]yes[/]" : "no",
                        Markup.Escape(string.Join(" ", parameters)), Markup.Escape(Display.Text(a["summary"])));
                }
                table.Caption("* required; pass parameters as name=value");
                return table;
            });
        });
        return command;
    }
}

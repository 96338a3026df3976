using System.CommandLine;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Compliance;

/// <summary><c>vigil compliance exceptions ls|add|revoke</c>: waivers and false positives, with owner, reason and expiry.</summary>
internal static class ComplianceExceptionCommands
{
    public static Command Build(TimeProvider time)
    {
        var exceptions = new Command("exceptions", "Exceptions (waivers) and false positives: counted apart in scores, never hidden");
        exceptions.Subcommands.Add(List());
        exceptions.Subcommands.Add(Add(time));
        exceptions.Subcommands.Add(Revoke());
        return exceptions;
    }

    private static Command List()
    {
        var api = new ApiOptions();
        var all = new Option<bool>("--all") { Description = "Also list revoked exceptions" };
        var command = api.AddTo(new Command("ls", "Active and expired exceptions") { all });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/compliance/exceptions" + (parse.GetValue(all) ? "?all=true" : ""), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var table = Printer.Table("ID", "CHECK", "SELECT", "KIND", "STATE", "OWNER", "EXPIRES", "HOSTS", "REASON");
                foreach (var e in json["exceptions"]!.AsArray())
                {
                    var state = Display.Text(e!["state"]);
                    table.AddRow(Markup.Escape(Display.Text(e["id"])), Markup.Escape((e["policy"] is { } p ? Display.Text(p) + "/" : "") + Display.Text(e["check"])),
                        Markup.Escape(Display.Text(e["select"])), Markup.Escape(Display.Text(e["kind"])), state == "active" ? "[green]active[/]" : $"[yellow]{state}[/]",
                        Markup.Escape(Display.Text(e["owner"])), Markup.Escape(Display.Text(e["expires"])), Display.Text(e["matching_hosts"]),
                        Markup.Escape(ComplianceDisplay.Shorten(Display.Text(e["reason"]), 50)));
                }
                return table;
            });
        });
        return command;
    }

    private static Command Add(TimeProvider time)
    {
        var api = new ApiOptions();
        var check = new Option<string>("--check") { Description = "The check's id", Required = true };
        var policy = new Option<string?>("--policy") { Description = "Only this policy's check of that id" };
        var select = new Option<string>("--select") { Description = "Hosts: hostname=web-1, role=db,env=prod, or * for every host", Required = true };
        var kind = new Option<string>("--kind") { Description = "exception (accepted risk) or false_positive", DefaultValueFactory = _ => "exception" };
        var owner = new Option<string>("--owner") { Description = "Who is responsible for it", Required = true };
        var reason = new Option<string>("--reason") { Description = "The justification", Required = true };
        var expires = new Option<string>("--expires") { Description = "When it stops applying: an ISO-8601 time or a duration from now such as 30d (at most a year)", Required = true };
        var command = api.AddTo(new Command("add", "Create an exception (admin)") { check, policy, select, kind, owner, reason, expires });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(expires)!;
            var until = Vigil.Server.Api.QueryValues.TryParseDuration(text, out var duration) ? (time.GetUtcNow() + duration).ToString("O", System.Globalization.CultureInfo.InvariantCulture) : text;
            using var client = api.Client(parse);
            var json = await client.PostAsync("/api/v1/compliance/exceptions", new Dictionary<string, string?>
            {
                ["policy"] = parse.GetValue(policy),
                ["check"] = parse.GetValue(check),
                ["select"] = parse.GetValue(select),
                ["kind"] = parse.GetValue(kind),
                ["owner"] = parse.GetValue(owner),
                ["reason"] = parse.GetValue(reason),
                ["expires"] = until,
            }, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup(
                $"created [bold]{Markup.Escape(Display.Text(json["id"]))}[/]: {Markup.Escape(Display.Text(json["kind"]))} for {Markup.Escape(Display.Text(json["check"]))} on {Markup.Escape(Display.Text(json["select"]))} until {Markup.Escape(Display.Text(json["expires"]))}\n"));
        });
        return command;
    }

    private static Command Revoke()
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "The exception's id" };
        var command = api.AddTo(new Command("revoke", "Revoke an exception (admin); it stays listed with --all") { id });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.DeleteAsync("/api/v1/compliance/exceptions/" + Uri.EscapeDataString(parse.GetValue(id)!), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup($"revoked [bold]{Markup.Escape(Display.Text(json["id"]))}[/]\n"));
        });
        return command;
    }
}

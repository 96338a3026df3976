using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil api-token create|list|revoke</c>: operators' tokens with roles viewer, operator, admin.</summary>
public static class ApiTokenCommands
{
    public static Command Build(TimeProvider time)
    {
        var command = new Command("api-token", "API tokens for people and programs, with a role: viewer, operator or admin");
        command.Subcommands.Add(Create());
        command.Subcommands.Add(List(time));
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command Create()
    {
        var api = new ApiOptions();
        var name = new Option<string>("--name") { Description = "Who or what uses it", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, operator or admin", DefaultValueFactory = _ => "viewer" };
        var ttl = new Option<string?>("--ttl") { Description = "Expiry, e.g. 90d (default: none)" };
        var command = api.AddTo(new Command("create", "Create an API token (printed once)") { name, role, ttl });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var body = new JsonObject { ["name"] = parse.GetValue(name), ["role"] = parse.GetValue(role), ["ttl"] = parse.GetValue(ttl) };
            var json = await client.PostAsync("/api/v1/api-tokens", body, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup(
                $"[bold]{Markup.Escape(Display.Text(json["role"]))} token for {Markup.Escape(Display.Text(json["name"]))}[/] (shown once)\n\n  {Markup.Escape(Display.Text(json["token"]))}\n\n"));
        });
        return command;
    }

    private static Command List(TimeProvider time)
    {
        var api = new ApiOptions();
        var command = api.AddTo(new Command("list", "List API tokens (without secrets)"));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/api-tokens", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("ID", "NAME", "ROLE", "CREATED", "EXPIRES", "REVOKED");
                foreach (var t in json["tokens"]!.AsArray())
                {
                    table.AddRow(Display.Text(t!["id"]), Markup.Escape(Display.Text(t["name"])), Display.Text(t["role"]), Display.Ago(t["created_at"], now),
                        Markup.Escape(Display.Text(t["expires_at"])), Markup.Escape(Display.Text(t["revoked_at"])));
                }
                return table;
            });
        });
        return command;
    }

    private static Command Revoke()
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "Token id (the part after vgl_a_)" };
        var command = api.AddTo(new Command("revoke", "Revoke an API token at once") { id });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.DeleteAsync("/api/v1/api-tokens/" + Uri.EscapeDataString(parse.GetValue(id)!), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup($"revoked {Markup.Escape(parse.GetValue(id)!)}\n"));
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Client;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil token create|list</c>: one-time enrollment tokens for agents.</summary>
public static class TokenCommands
{
    public static Command Build(TimeProvider time)
    {
        var token = new Command("token", "Enrollment tokens: what a new agent presents once to join");
        token.Subcommands.Add(Create());
        token.Subcommands.Add(List(time));
        return token;
    }

    private static Command Create()
    {
        var api = new ApiOptions();
        var labels = new Option<string?>("--labels") { Description = "Labels the enrolled agent gets, k=v,k=v" };
        var ttl = new Option<string>("--ttl") { Description = "How long the token can be used: 1h, 24h, 7d", DefaultValueFactory = _ => "24h" };
        var command = api.AddTo(new Command("create", "Create a one-time enrollment token and print the command that enrolls an agent with it") { labels, ttl });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = ClientSettings.Resolve(parse.GetValue(api.Address), parse.GetValue(api.Token), parse.GetValue(api.CaCert));
            using var client = new VigilClient(settings);
            var body = new JsonObject { ["labels"] = ParseLabels(parse.GetValue(labels)), ["ttl"] = parse.GetValue(ttl) };
            var json = await client.PostAsync("/api/v1/enrollment-tokens", body, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(api.Format) == OutputFormat.Json)
            {
                Printer.Print(OutputFormat.Json, json, () => new Text(""));
                return;
            }
            // Plain lines, never wrapped: the command is meant to be copied whole.
            var server = settings.Address.GetLeftPart(UriPartial.Authority);
            Console.Out.WriteLine($"enrollment token (shown once; single use; valid until {Display.Text(json["expires_at"])}):");
            Console.Out.WriteLine();
            Console.Out.WriteLine("  " + Display.Text(json["token"]));
            Console.Out.WriteLine();
            Console.Out.WriteLine("on the new host, as root:");
            Console.Out.WriteLine();
            Console.Out.WriteLine($"  vigil-agent enroll --server {server} --token {Display.Text(json["token"])} --ca-pin {Display.Text(json["ca_pin"])}");
        });
        return command;
    }

    internal static JsonObject ParseLabels(string? text)
    {
        var labels = new JsonObject();
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException($"--labels: '{pair}' is not k=v");
            }
            labels[pair[..eq]] = pair[(eq + 1)..];
        }
        return labels;
    }

    private static Command List(TimeProvider time)
    {
        var api = new ApiOptions();
        var command = api.AddTo(new Command("list", "List enrollment tokens (without secrets)"));
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/enrollment-tokens", cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("ID", "LABELS", "CREATED", "EXPIRES", "USED BY");
                foreach (var t in json["tokens"]!.AsArray())
                {
                    table.AddRow(Display.Text(t!["id"]), Markup.Escape(Display.Labels(t["labels"])), Display.Ago(t["created_at"], now),
                        Markup.Escape(Display.Text(t["expires_at"])), Markup.Escape(Display.Text(t["used_by"])));
                }
                return table;
            });
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Client;
using Vigil.Cli.Output;
using Vigil.Server.Audit;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil audit verify|list</c>: the server's hash-chained audit log.</summary>
public static class AuditCommands
{
    public static Command Build(TimeProvider time)
    {
        var audit = new Command("audit", "The hash-chained audit log: every action request, approval, rejection and result");
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(List(time));
        return audit;
    }

    private static Command Verify()
    {
        var api = new ApiOptions();
        var data = new Option<string?>("--data") { Description = "Verify the audit.db in this data folder directly (no server needed; e.g. a backup copy)" };
        var command = api.AddTo(new Command("verify", "Recompute the hash chain: prove it intact, or name the first altered entry (exit 1)") { data });
        command.SetAction(async (parse, cancellationToken) =>
        {
            JsonNode json;
            if (parse.GetValue(data) is { } folder)
            {
                var path = Path.Combine(folder, "audit.db");
                if (!File.Exists(path))
                {
                    throw new CliException($"{path}: no audit log there");
                }
                json = JsonSerializer.SerializeToNode(AuditVerifier.Verify(path), CliJson.Options)!;
            }
            else
            {
                using var client = api.Client(parse);
                json = await client.GetAsync("/api/v1/audit/verify", cancellationToken).ConfigureAwait(false);
            }
            var intact = json["intact"]!.GetValue<bool>();
            Printer.Print(parse.GetValue(api.Format), json, () => intact
                ? new Markup($"[green]intact[/]: {json["entries"]} entries, head {Markup.Escape(Display.Text(json["head_hash"]))}\n")
                : new Markup($"[red]altered[/]: entry {json["first_bad_sequence"]} — {Markup.Escape(Display.Text(json["problem"]))}; the {json["entries"]} entries before it are intact\n"));
            return intact ? 0 : 1;
        });
        return command;
    }

    private static Command List(TimeProvider time)
    {
        var api = new ApiOptions();
        var subject = new Option<string?>("--subject") { Description = "Only entries about this subject (an action id)" };
        var limit = new Option<int>("--limit") { Description = "How many", DefaultValueFactory = _ => 50 };
        var command = api.AddTo(new Command("list", "Audit entries, newest first (or one subject's, oldest first)") { subject, limit });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var query = $"?limit={parse.GetValue(limit)}" + (parse.GetValue(subject) is { } s ? "&subject=" + Uri.EscapeDataString(s) : "");
            var json = await client.GetAsync("/api/v1/audit" + query, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("SEQ", "WHEN", "ACTOR", "KIND", "SUBJECT", "DETAILS");
                foreach (var e in json["entries"]!.AsArray())
                {
                    table.AddRow(Display.Text(e!["seq"]), Display.Ago(e["at"], now), Markup.Escape(Display.Text(e["actor"])), Markup.Escape(Display.Text(e["kind"])),
                        Markup.Escape(Display.Text(e["subject"])), Markup.Escape(Shorten(e["data"]?.ToJsonString() ?? "")));
                }
                return table;
            });
        });
        return command;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}

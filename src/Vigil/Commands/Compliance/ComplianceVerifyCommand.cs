using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Client;
using Vigil.Cli.Output;
using Vigil.Server.Compliance;

namespace Vigil.Cli.Commands.Compliance;

/// <summary><c>vigil compliance verify</c>: re-hash stored evidence against the audit log's seals.</summary>
internal static class ComplianceVerifyCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var data = new Option<string?>("--data") { Description = "Verify the vigil.db and audit.db in this data folder directly (no server needed; e.g. a backup copy)" };
        var command = api.AddTo(new Command("verify", "Prove every stored compliance result is what the host sent, or name the first altered row (exit 1)") { data });
        command.SetAction(async (parse, cancellationToken) =>
        {
            JsonNode json;
            if (parse.GetValue(data) is { } folder)
            {
                var audit = Path.Combine(folder, "audit.db");
                var database = Path.Combine(folder, "vigil.db");
                if (!File.Exists(audit) || !File.Exists(database))
                {
                    throw new CliException($"{folder}: needs both audit.db and vigil.db");
                }
                json = JsonSerializer.SerializeToNode(ComplianceVerifier.Verify(audit, database), CliJson.Options)!;
            }
            else
            {
                using var client = api.Client(parse);
                json = await client.GetAsync("/api/v1/compliance/verify", cancellationToken).ConfigureAwait(false);
            }
            var intact = json["intact"]!.GetValue<bool>();
            Printer.Print(parse.GetValue(api.Format), json, () => intact
                ? new Markup($"[green]intact[/]: {json["runs"]} runs, {json["rows"]} evidence rows match their seals ({json["unsealed"]} not sealed yet, {json["pruned"]} pruned by retention)\n")
                : new Markup($"[red]altered[/]: {Markup.Escape(Display.Text(json["problem"]))}\n"));
            return intact ? 0 : 1;
        });
        return command;
    }
}

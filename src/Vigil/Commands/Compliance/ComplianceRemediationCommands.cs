using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands.Compliance;

/// <summary><c>vigil compliance remediate HOST POLICY CHECK</c> and <c>vigil compliance remediations</c>.</summary>
internal static class ComplianceRemediationCommands
{
    private static readonly TimeSpan DryRunPatience = TimeSpan.FromSeconds(60);

    public static Command Remediate(TimeProvider time)
    {
        var api = new ApiOptions();
        var host = new Argument<string>("host") { Description = "Host id or hostname" };
        var policy = new Argument<string>("policy") { Description = "The policy's id" };
        var check = new Argument<string>("check") { Description = "The failing check's id" };
        var command = api.AddTo(new Command("remediate", "Remediate a failing check: shows the dry run's diff, then the real action waits for an admin's approval (vigil action approve)") { host, policy, check });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.PostAsync("/api/v1/compliance/remediations", new Dictionary<string, string?>
            {
                ["host"] = parse.GetValue(host),
                ["policy"] = parse.GetValue(policy),
                ["check"] = parse.GetValue(check),
            }, cancellationToken).ConfigureAwait(false);
            var id = Display.Text(json["id"]);
            var deadline = time.GetUtcNow() + DryRunPatience;
            while (Display.Text(json["state"]) == "dry_run" && time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
                json = await client.GetAsync("/api/v1/compliance/remediations/" + Uri.EscapeDataString(id), cancellationToken).ConfigureAwait(false);
            }
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var rows = new List<IRenderable>();
                var diff = json["dry_run"]?["diff"] is { } d ? Display.Text(d) : json["dry_run"]?.ToJsonString();
                rows.Add(new Markup($"[bold]{Markup.Escape(id)}[/] {Markup.Escape(Display.Text(json["action"]))} on {Markup.Escape(Display.Text(json["hostname"]))}\n"));
                rows.Add(diff is null ? new Markup("[grey]no dry run yet (the host has not answered)[/]\n") : new Panel(new Text(diff)) { Header = new PanelHeader("dry run") });
                var state = Display.Text(json["state"]);
                var hint = state == "awaiting_approval" ? $" — an admin approves it with: vigil action approve {Display.Text(json["action_id"])}" : "";
                rows.Add(new Markup($"state: {ComplianceDisplay.Status(state)}{Markup.Escape(hint)}" + (json["error"] is { } e ? $" ({Markup.Escape(Display.Text(e))})" : "") + "\n"));
                return new Rows(rows);
            });
            return Display.Text(json["state"]) is "failed" or "rejected" ? 1 : 0;
        });
        return command;
    }

    public static Command List(TimeProvider time)
    {
        var api = new ApiOptions();
        var host = new Option<string?>("--host") { Description = "Only this host's" };
        var command = api.AddTo(new Command("remediations", "Remediations, newest first, with their state") { host });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.GetAsync("/api/v1/compliance/remediations" + ComplianceDisplay.Query(("host", parse.GetValue(host))), cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () =>
            {
                var now = time.GetUtcNow();
                var table = Printer.Table("ID", "HOST", "CHECK", "ACTION", "STATE", "ACTION ID", "BY", "CREATED", "ERROR");
                foreach (var r in json["remediations"]!.AsArray())
                {
                    table.AddRow(Markup.Escape(Display.Text(r!["id"])), Markup.Escape(Display.Text(r["hostname"])), Markup.Escape(Display.Text(r["policy"]) + "/" + Display.Text(r["check"])),
                        Markup.Escape(Display.Text(r["action"])), ComplianceDisplay.Status(Display.Text(r["state"])), Markup.Escape(Display.Text(r["action_id"])),
                        Markup.Escape(Display.Text(r["created_by"])), Display.Ago(r["created"], now), Markup.Escape(ComplianceDisplay.Shorten(Display.Text(r["error"]), 50)));
                }
                return table;
            });
        });
        return command;
    }
}

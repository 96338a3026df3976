using System.CommandLine;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil agent revoke HOST</c>: cut an agent off; its next request is refused.</summary>
public static class AgentCommands
{
    public static Command Build()
    {
        var api = new ApiOptions();
        var host = new Argument<string>("host") { Description = "Hostname or agent id" };
        var revoke = api.AddTo(new Command("revoke", "Revoke an agent's certificate: refused at once on every endpoint") { host });
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.Client(parse);
            var json = await client.PostAsync($"/api/v1/agents/{Uri.EscapeDataString(parse.GetValue(host)!)}/revoke", null, cancellationToken).ConfigureAwait(false);
            Printer.Print(parse.GetValue(api.Format), json, () => new Markup($"revoked {Markup.Escape(Display.Text(json["hostname"]))} ({Markup.Escape(Display.Text(json["id"]))})\n"));
        });
        var agent = new Command("agent", "Manage enrolled agents");
        agent.Subcommands.Add(revoke);
        return agent;
    }
}

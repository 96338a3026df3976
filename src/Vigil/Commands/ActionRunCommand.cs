using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Client;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil action run [--host H | --select k=v,… | --group G] ACTION [name=value …]</c>: requests the action, then
/// follows it until every host answered or it expired, printing each host's outcome as it arrives (a progress bar on
/// a terminal for a fleet) and a summary. Exit code 0 when every host succeeded, 1 otherwise.
/// </summary>
public static class ActionRunCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    public static Command Build(TimeProvider time)
    {
        var api = new ApiOptions();
        var name = new Argument<string>("action") { Description = "Action name (vigil action catalog lists them)" };
        var parameters = new Argument<string[]>("parameters") { Description = "Parameters as name=value", Arity = ArgumentArity.ZeroOrMore };
        var host = new Option<string?>("--host") { Description = "One host, by hostname or agent id" };
        var select = new Option<string?>("--select") { Description = "Every host matching a label selector, e.g. role=db,os=debian" };
        var group = new Option<string?>("--group") { Description = "Every host of a saved group (vigil action group save)" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Hosts running it at the same time (default: the server's, 100)" };
        var expires = new Option<string?>("--expires") { Description = "How long to wait for hosts, e.g. 30s, 10m (default: the server's, 5m)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the action id and return without following it" };
        var command = api.AddTo(new Command("run", "Run an action on a host, a label selector or a saved group and follow the results") { name, parameters, host, select, group, concurrency, expires, noWait });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["action"] = parse.GetValue(name),
                ["parameters"] = Parameters(parse.GetValue(parameters) ?? []),
                ["host"] = parse.GetValue(host),
                ["select"] = parse.GetValue(select),
                ["group"] = parse.GetValue(group),
                ["concurrency"] = parse.GetValue(concurrency),
                ["expires_in"] = parse.GetValue(expires),
            };
            using var client = api.Client(parse);
            var format = parse.GetValue(api.Format);
            var created = await client.PostAsync("/api/v1/actions", body, cancellationToken).ConfigureAwait(false);
            var id = Display.Text(created["id"]);
            if (Display.Text(created["state"]) == "pending_approval")
            {
                Printer.Print(format, created, () => new Markup(
                    $"{Markup.Escape(id)} is a privileged action and waits for a second admin: [bold]vigil action approve {Markup.Escape(id)}[/]\n"));
                return 0;
            }
            if (parse.GetValue(noWait))
            {
                Printer.Print(format, created, () => new Markup($"{Markup.Escape(id)} sent to {created["summary"]!["hosts"]} hosts; vigil action show {Markup.Escape(id)}\n"));
                return 0;
            }
            var final = await FollowAsync(client, id, format, Display.Number(created["summary"]!["hosts"]) is { } n ? (int)n : 1, cancellationToken).ConfigureAwait(false);
            Printer.Print(format, final, () => ActionRendering.Detail(final, time.GetUtcNow()));
            var summary = final["summary"]!;
            return Display.Number(summary["succeeded"]) == Display.Number(summary["hosts"]) ? 0 : 1;
        });
        return command;
    }

    private static JsonObject Parameters(string[] pairs)
    {
        var parameters = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"'{pair}' is not name=value");
            }
            parameters[pair[..equals]] = pair[(equals + 1)..];
        }
        return parameters;
    }

    /// <summary>Polls the action until no host is pending; streams each host's outcome as it lands (lines when piped, a progress bar on a terminal).</summary>
    private static async Task<JsonNode> FollowAsync(VigilClient client, string id, OutputFormat format, int hosts, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var interactive = format == OutputFormat.Table && !Console.IsOutputRedirected && hosts > 1;
        if (!interactive)
        {
            while (true)
            {
                var json = await client.GetAsync("/api/v1/actions/" + id, cancellationToken).ConfigureAwait(false);
                if (format == OutputFormat.Table && hosts > 1)
                {
                    foreach (var line in NewlyFinished(json, seen))
                    {
                        AnsiConsole.MarkupLine(line);
                    }
                }
                if (Display.Number(json["summary"]!["pending"]) == 0)
                {
                    return json;
                }
                await Task.Delay(PollEvery, cancellationToken).ConfigureAwait(false);
            }
        }
        JsonNode last = new JsonObject();
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{id} on {hosts} hosts", maxValue: hosts);
                while (true)
                {
                    last = await client.GetAsync("/api/v1/actions/" + id, cancellationToken).ConfigureAwait(false);
                    var summary = last["summary"]!;
                    var pending = Display.Number(summary["pending"]) ?? 0;
                    task.Value = hosts - pending;
                    task.Description = $"{id}: {summary["succeeded"]} ok, {summary["failed"]} failed, {summary["refused"]} refused, {summary["timed_out"]} timed out";
                    if (pending == 0)
                    {
                        return;
                    }
                    await Task.Delay(PollEvery, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return last;
    }

    private static IEnumerable<string> NewlyFinished(JsonNode json, HashSet<string> seen)
    {
        foreach (var result in json["results"]!.AsArray())
        {
            var state = Display.Text(result!["state"]);
            if (state is "waiting" or "queued" or "delivered" || !seen.Add(Display.Text(result["delivery"])))
            {
                continue;
            }
            var error = result["error"] is { } e ? ": " + Display.Text(e) : "";
            yield return $"{Markup.Escape(Display.Text(result["hostname"]))} {ActionRendering.StateMarkup(state)}{Markup.Escape(error)}";
        }
    }
}

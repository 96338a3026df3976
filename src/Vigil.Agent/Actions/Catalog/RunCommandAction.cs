using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>run-command</c> (privileged): runs the argv <c>actions.commands</c> defines under the requested name; the caller
/// chooses the name, never the arguments. With <c>dry_run</c> it returns the argv it would run and runs nothing.
/// </summary>
public sealed class RunCommandAction : IAgentAction
{
    public string Name => ActionNames.RunCommand;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var name = call.Required("name");
        var command = context.Options.Commands.FirstOrDefault(c => c.Name == name)
            ?? throw new ActionRefusedException(RefusalCodes.NotAllowed, $"'{name}' is not under actions.commands in this host's agent.yaml");
        var timeout = command.Timeout < context.Options.Timeout ? command.Timeout : context.Options.Timeout;
        if (call.Boolean("dry_run"))
        {
            return new JsonObject
            {
                ["name"] = name,
                ["argv"] = new JsonArray(command.Argv.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["exit_code"] = 0,
                ["stdout"] = "",
                ["stderr"] = "",
                ["truncated"] = false,
                ["dry_run"] = true,
                ["would"] = "run",
            };
        }
        var run = await ProcessRunner.RunAsync(command.Argv, timeout, (int)Math.Min(context.Options.MaxOutputBytes / 2, int.MaxValue), context.Time, cancellationToken).ConfigureAwait(false);
        if (run.TimedOut)
        {
            throw new TimeoutException($"{name} did not finish within {timeout.TotalSeconds:0} s and was killed");
        }
        return new JsonObject
        {
            ["name"] = name,
            ["argv"] = new JsonArray(command.Argv.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["exit_code"] = run.ExitCode,
            ["stdout"] = run.Stdout,
            ["stderr"] = run.Stderr,
            ["truncated"] = run.Truncated,
            ["elapsed_ms"] = Math.Round(run.Elapsed.TotalMilliseconds, 1),
        };
    }
}

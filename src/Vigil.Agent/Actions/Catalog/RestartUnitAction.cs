using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>restart-unit</c> (privileged): <c>systemctl restart</c> of a unit named under <c>actions.units</c>, with its state
/// before and after. With <c>dry_run</c> it reports the unit's current state and that it would restart it, and
/// restarts nothing.
/// </summary>
public sealed class RestartUnitAction : IAgentAction
{
    public string Name => ActionNames.RestartUnit;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var unit = call.Required("unit");
        if (!context.Options.Units.Contains(unit, StringComparer.Ordinal))
        {
            throw new ActionRefusedException(RefusalCodes.NotAllowed, $"{unit} is not under actions.units in this host's agent.yaml");
        }
        var systemctl = PatchTarget.Systemctl;
        var before = await ProcessRunner.RunAsync([systemctl, "is-active", unit], TimeSpan.FromSeconds(10), 4096, context.Time, cancellationToken).ConfigureAwait(false);
        if (call.Boolean("dry_run"))
        {
            return new JsonObject
            {
                ["unit"] = unit,
                ["before"] = before.Stdout.Trim(),
                ["after"] = before.Stdout.Trim(),
                ["exit_code"] = 0,
                ["dry_run"] = true,
                ["would"] = "restart",
            };
        }
        var restart = await ProcessRunner.RunAsync([systemctl, "restart", unit], context.Options.Timeout, 64 * 1024, context.Time, cancellationToken).ConfigureAwait(false);
        var after = await ProcessRunner.RunAsync([systemctl, "is-active", unit], TimeSpan.FromSeconds(10), 4096, context.Time, cancellationToken).ConfigureAwait(false);
        if (restart.ExitCode != 0)
        {
            throw new InvalidOperationException($"systemctl restart {unit} exited {restart.ExitCode}: {restart.Stderr.Trim()} (now {after.Stdout.Trim()})");
        }
        return new JsonObject
        {
            ["unit"] = unit,
            ["before"] = before.Stdout.Trim(),
            ["after"] = after.Stdout.Trim(),
            ["exit_code"] = restart.ExitCode,
            ["elapsed_ms"] = Math.Round(restart.Elapsed.TotalMilliseconds, 1),
        };
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Vigil.Agent.Actions.ConfigEditing;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>set-config-key</c> (privileged): sets one key of a file named under <c>actions.patch_files</c>
/// (<see cref="ConfigKeyEditor"/> says how per format). With <c>dry_run</c> it returns the unified diff and writes
/// nothing. Otherwise it writes atomically (mode and owner kept), runs the entry's validation command, its
/// <c>then</c> command, and, when the entry names a unit, waits for the unit to be active again. On any failure the
/// previous bytes are put back and <c>then</c> run again (so the service reloads the old file), and the action fails
/// with the reason and <c>rolled_back: true</c>. A value that is already set changes nothing and runs nothing.
/// </summary>
public sealed class SetConfigKeyAction : IAgentAction
{
    public string Name => ActionNames.SetConfigKey;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var path = call.Required("path");
        var format = call.String("format") ?? "keyvalue";
        if (!ConfigKeyEditor.Formats.Contains(format, StringComparer.Ordinal))
        {
            throw new ActionRefusedException(RefusalCodes.BadParameters, $"format: '{format}' is not one of: {string.Join(", ", ConfigKeyEditor.Formats)}");
        }
        var key = call.Required("key");
        var value = call.Required("value");
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ActionRefusedException(RefusalCodes.BadParameters, "value: must be a single line");
        }
        var (entry, real) = PatchTarget.Find(context, path);
        var previous = await File.ReadAllBytesAsync(real, cancellationToken).ConfigureAwait(false);
        var before = Encoding.UTF8.GetString(previous);
        var after = ConfigKeyEditor.Set(before, format, key, value, call.String("section"));
        var diff = UnifiedDiff.Create(before, after, path);
        var dryRun = call.Boolean("dry_run");
        var result = new JsonObject
        {
            ["path"] = path,
            ["diff"] = diff,
            ["changed"] = !dryRun && diff.Length > 0,
            ["dry_run"] = dryRun,
            ["rolled_back"] = false,
        };
        if (dryRun || diff.Length == 0)
        {
            return result;
        }
        PatchTarget.Replace(real, Encoding.UTF8.GetBytes(after));
        var problem = await ApplyAsync(entry, real, context, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            PatchTarget.Replace(real, previous);
            if (entry.Then.Count > 0)
            {
                await PatchTarget.RunAsync(entry.Then, real, context, CancellationToken.None).ConfigureAwait(false);
            }
            result["changed"] = false;
            result["rolled_back"] = true;
            result["reason"] = problem;
            throw new ActionFailedException("rolled_back", $"{problem}; the previous content of {path} was restored", result);
        }
        return result;
    }

    /// <summary>Validation, the follow-up command and the unit check; null when all passed, else what failed.</summary>
    private static async Task<string?> ApplyAsync(PatchableFile entry, string real, ActionContext context, CancellationToken cancellationToken)
    {
        var validate = await PatchTarget.RunAsync(entry.Validate, real, context, cancellationToken).ConfigureAwait(false);
        if (validate.ExitCode != 0)
        {
            return $"validation failed (exit {validate.ExitCode}): {(validate.Stderr + validate.Stdout).Trim()}";
        }
        if (entry.Then.Count > 0)
        {
            var then = await PatchTarget.RunAsync(entry.Then, real, context, cancellationToken).ConfigureAwait(false);
            if (then.ExitCode != 0)
            {
                return $"the follow-up command failed (exit {then.ExitCode}): {(then.Stderr + then.Stdout).Trim()}";
            }
        }
        if (entry.Unit is { } unit && await PatchTarget.WaitActiveAsync(unit, entry.UnitTimeout, context, cancellationToken).ConfigureAwait(false) is { } state)
        {
            return $"{unit} is {state}, not active, {entry.UnitTimeout.TotalSeconds:0} s after the change";
        }
        return null;
    }
}

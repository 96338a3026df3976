using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Agent.Actions.ConfigEditing;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>patch-file</c> (privileged): replaces a file named under <c>actions.patch_files</c> with new content, keeping its
/// mode and owner; runs the entry's validation command and then its <c>then</c> command (a reload). If either fails,
/// the previous content is put back (and <c>then</c> run again, so the service reloads the old file) and the action
/// fails with the command's output. <c>expect_sha256</c> guards against overwriting a change made meanwhile. With
/// <c>dry_run</c> it returns the unified diff and writes and runs nothing. The agent's own configuration and state can
/// never be patched, whatever the allowlist says.
/// </summary>
public sealed class PatchFileAction : IAgentAction
{
    public string Name => ActionNames.PatchFile;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var path = call.Required("path");
        var (entry, real) = PatchTarget.Find(context, path);
        var previous = await File.ReadAllBytesAsync(real, cancellationToken).ConfigureAwait(false);
        var previousHash = Convert.ToHexStringLower(SHA256.HashData(previous));
        if (call.String("expect_sha256") is { } expected && !string.Equals(expected, previousHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{path} changed: its SHA-256 is {previousHash}, not {expected}; nothing was written");
        }
        var content = Encoding.UTF8.GetBytes(call.Required("content"));
        if (call.Boolean("dry_run"))
        {
            return new JsonObject
            {
                ["path"] = path,
                ["previous_sha256"] = previousHash,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
                ["validated"] = false,
                ["rolled_back"] = false,
                ["dry_run"] = true,
                ["diff"] = UnifiedDiff.Create(Encoding.UTF8.GetString(previous), Encoding.UTF8.GetString(content), path),
            };
        }
        PatchTarget.Replace(real, content);
        var validate = await PatchTarget.RunAsync(entry.Validate, real, context, cancellationToken).ConfigureAwait(false);
        var then = validate.ExitCode == 0 && entry.Then.Count > 0 ? await PatchTarget.RunAsync(entry.Then, real, context, cancellationToken).ConfigureAwait(false) : null;
        if (validate.ExitCode != 0 || then is { ExitCode: not 0 })
        {
            PatchTarget.Replace(real, previous);
            if (then is not null)
            {
                await PatchTarget.RunAsync(entry.Then, real, context, CancellationToken.None).ConfigureAwait(false);
            }
            var failed = validate.ExitCode != 0 ? ("validation", validate) : ("the follow-up command", then!);
            throw new InvalidOperationException($"{failed.Item1} failed (exit {failed.Item2.ExitCode}): {(failed.Item2.Stderr + failed.Item2.Stdout).Trim()}; the previous content of {path} was restored");
        }
        return new JsonObject
        {
            ["path"] = path,
            ["previous_sha256"] = previousHash,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
            ["validated"] = true,
            ["rolled_back"] = false,
            ["validation_output"] = (validate.Stdout + validate.Stderr).Trim(),
        };
    }
}

namespace Vigil.Agent.Actions;

/// <summary>
/// What <c>patch-file</c> and <c>set-config-key</c> share: finding the <c>actions.patch_files</c> entry for a path
/// (refusing any other file), replacing the file atomically with its mode and owner kept, running the entry's
/// commands with <c>{path}</c> filled in, and waiting for the entry's unit to be active again.
/// </summary>
public static class PatchTarget
{
    /// <summary>The allowlist entry for <paramref name="path"/> and the real path to write; refuses a file not listed.</summary>
    public static (PatchableFile Entry, string Real) Find(ActionContext context, string path)
    {
        var resolved = context.Guard.Resolve(path);
        var entry = context.Options.PatchFiles.FirstOrDefault(f => context.Guard.Resolve(f.Path) == resolved)
            ?? throw new ActionRefusedException(Protocol.Actions.RefusalCodes.NotAllowed, $"{path} is not under actions.patch_files in this host's agent.yaml");
        return (entry, context.Guard.Check(path, allowedOverride: [entry.Path]));
    }

    public static Task<ProcessRunner.Outcome> RunAsync(IReadOnlyList<string> argv, string path, ActionContext context, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(argv.Select(a => a.Replace("{path}", path, StringComparison.Ordinal)).ToList(), context.Options.Timeout, 64 * 1024, context.Time, cancellationToken);

    /// <summary>Writes <paramref name="content"/> beside the file with its mode and owner, fsyncs, and renames it over the file.</summary>
    public static void Replace(string path, byte[] content)
    {
        var temp = path + ".vigil-tmp";
        var mode = File.GetUnixFileMode(path);
        File.Delete(temp);
        using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temp, mode);
        if (FileOwner.TryGet(path, out var uid, out var gid))
        {
            FileOwner.TrySet(temp, uid, gid);
        }
        File.Move(temp, path, overwrite: true);
        Spool.DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    /// <summary>The systemctl the host has.</summary>
    public static string Systemctl => File.Exists("/usr/bin/systemctl") ? "/usr/bin/systemctl" : "/bin/systemctl";

    /// <summary>Polls <c>systemctl is-active</c> until the unit is active or <paramref name="timeout"/> passes; null when active, else its last state.</summary>
    public static async Task<string?> WaitActiveAsync(string unit, TimeSpan timeout, ActionContext context, CancellationToken cancellationToken)
    {
        var deadline = context.Time.GetUtcNow() + timeout;
        while (true)
        {
            var state = await ProcessRunner.RunAsync([Systemctl, "is-active", unit], TimeSpan.FromSeconds(10), 4096, context.Time, cancellationToken).ConfigureAwait(false);
            var text = state.Stdout.Trim();
            if (state.ExitCode == 0 && text == "active")
            {
                return null;
            }
            if (context.Time.GetUtcNow() >= deadline)
            {
                return text.Length > 0 ? text : $"exit {state.ExitCode}";
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), context.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}

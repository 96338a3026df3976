namespace Vigil.Agent.Actions;

/// <summary>
/// One entry of <c>actions.patch_files</c>: a file <c>patch-file</c> and <c>set-config-key</c> may change, the
/// command that checks the new content (exit 0 = valid; <c>{path}</c> in it becomes the file's path), and an optional
/// command run after a valid change (a reload).
/// </summary>
public sealed record PatchableFile(string Path, IReadOnlyList<string> Validate, IReadOnlyList<string> Then)
{
    /// <summary><c>unit</c>: a systemd unit that must be active again after <see cref="Then"/>, else the change is rolled back. Default none.</summary>
    public string? Unit { get; init; }
    /// <summary><c>unit_timeout</c>: how long the unit has to come back active. Default 15s.</summary>
    public TimeSpan UnitTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

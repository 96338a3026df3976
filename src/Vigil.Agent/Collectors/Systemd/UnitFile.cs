namespace Vigil.Agent.Collectors.Systemd;

/// <summary>A unit name as found in the highest-precedence unit directory that has it.</summary>
/// <param name="HostPath">Where the entry is, as the host sees it (e.g. /usr/lib/systemd/system/ssh.service).</param>
/// <param name="LinkTarget">The symlink's target as written, or null for a regular file.</param>
/// <param name="Info">The entry itself (not followed), for size and modification time.</param>
internal sealed record UnitFile(string Name, string Type, string HostPath, string? LinkTarget, FileSystemInfo Info)
{
    /// <summary>The host path a symlink points to; relative targets are resolved against the link's directory.</summary>
    public string? ResolvedTarget => LinkTarget is null ? null
        : Path.IsPathRooted(LinkTarget) ? LinkTarget
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(HostPath)!, LinkTarget));
}

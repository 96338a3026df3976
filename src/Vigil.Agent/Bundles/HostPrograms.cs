namespace Vigil.Agent.Bundles;

/// <summary>
/// Finds the host programs a bundle may run (journalctl, systemctl, ip, dmesg) by absolute path in a fixed list of
/// directories, never through the caller's PATH; tests point it at a directory of their own.
/// </summary>
public sealed class HostPrograms(IReadOnlyList<string> directories)
{
    public static HostPrograms Default { get; } = new(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]);

    /// <summary>The program's full path, or null when none of the directories has it.</summary>
    public string? Find(string name) =>
        directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}

namespace Vigil.Agent.Actions;

/// <summary>
/// Whether agent.yaml may grant privileged actions: it must be owned by the user the agent runs as (root in
/// production) and neither readable nor writable by group or others. A file others can write could be widened by
/// them; one others can read tells them exactly what to aim for.
/// </summary>
public static class ConfigFileGuard
{
    /// <summary>Null when the file may grant privileged actions; otherwise why not.</summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path))
        {
            return $"{path} does not exist (privileged actions need an allowlist in a file only its owner can read)";
        }
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
        {
            return $"{path} is readable or writable by group or others (mode {Convert.ToString((int)mode, 8)}); chmod 600 it to allow privileged actions";
        }
        if (FileOwner.TryGet(path, out var uid, out _) && uid != GetEuid())
        {
            return $"{path} is owned by uid {uid}, not by the agent's user ({GetEuid()})";
        }
        return null;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}

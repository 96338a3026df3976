namespace Vigil.Agent;

/// <summary>The agent's id on the wire: configured, or generated once and kept in the state directory.</summary>
public static class AgentIdentity
{
    public static string Resolve(string? configured, string stateDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var path = Path.Combine(stateDirectory, "agent-id");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }
        var id = Guid.NewGuid().ToString("D");
        var temp = path + ".tmp";
        File.WriteAllText(temp, id + "\n");
        File.Move(temp, path, overwrite: true);
        return id;
    }

    /// <summary>Creates the state directory readable by its owner only: it holds the spool, which may hold inventory.</summary>
    public static void EnsureStateDirectory(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

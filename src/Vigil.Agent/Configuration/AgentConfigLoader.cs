namespace Vigil.Agent.Configuration;

/// <summary>Loads agent configuration from YAML text or a file, with errors that name file, line and key.</summary>
public static class AgentConfigLoader
{
    public static AgentOptions Parse(string fileName, string yaml) => AgentOptions.Bind(ConfigMap.Parse(fileName, yaml));

    /// <summary>Loads <paramref name="path"/>. A missing file at the default path means "all defaults"; a missing explicit path is an error.</summary>
    public static AgentOptions Load(string path, bool mustExist)
    {
        if (!File.Exists(path))
        {
            return mustExist ? throw new ConfigException(path, 0, 0, "", "file not found") : new AgentOptions();
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, 0, "", "permission denied");
        }
        return Parse(path, text);
    }
}

using Vigil.Agent.Configuration;

namespace Vigil.AgentHost.Commands;

/// <summary>Loads the agent's configuration the same way for every command.</summary>
public static class ConfigLoading
{
    /// <summary>An explicit path must exist; the default path may be absent (then every key has its default).</summary>
    public static AgentOptions Load(string? path) =>
        path is null ? AgentConfigLoader.Load(AgentOptions.DefaultPath, mustExist: false) : AgentConfigLoader.Load(path, mustExist: true);
}

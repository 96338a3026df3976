using Vigil.Agent.Configuration;

namespace Vigil.Agent.Collectors.Processes;

/// <summary><c>collectors.processes</c>.</summary>
public sealed record ProcessesOptions
{
    /// <summary>
    /// <c>top</c>: how many processes to list by CPU and by memory (RSS) in the <c>top_processes</c> inventory.
    /// Default 10; 0 turns the list off and leaves only the counts.
    /// </summary>
    public int Top { get; init; } = 10;

    public static ProcessesOptions Bind(ConfigMap map) => new()
    {
        Top = map.Int("top", 10, min: 0, max: 1000),
    };
}

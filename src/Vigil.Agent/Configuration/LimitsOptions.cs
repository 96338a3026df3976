namespace Vigil.Agent.Configuration;

/// <summary><c>limits</c>: the agent's own resource limits, enforced by its watchdog.</summary>
public sealed record LimitsOptions
{
    /// <summary><c>max_rss</c>: resident memory above which optional collectors are shed. Default 64MiB.</summary>
    public long MaxRssBytes { get; init; } = 64L << 20;
    /// <summary><c>max_cpu_percent</c>: CPU use (percent of one core, averaged over <c>window</c>) above which optional collectors are shed. Default 5.</summary>
    public double MaxCpuPercent { get; init; } = 5;
    /// <summary><c>window</c>: how long the watchdog averages CPU over. Default 60s.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    public static LimitsOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new LimitsOptions();
        }
        var options = new LimitsOptions
        {
            MaxRssBytes = map.Bytes("max_rss", 64L << 20, min: 8L << 20),
            MaxCpuPercent = map.Double("max_cpu_percent", 5, min: 0.1, max: 100 * Environment.ProcessorCount),
            Window = map.Duration("window", TimeSpan.FromSeconds(60), min: TimeSpan.FromSeconds(10)),
        };
        map.RejectUnknownKeys();
        return options;
    }
}

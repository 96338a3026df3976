namespace Vigil.Agent.Configuration;

/// <summary>Keys every collector accepts under <c>collectors.NAME</c>.</summary>
public sealed record CollectorSettings
{
    public static CollectorSettings Default { get; } = new();

    /// <summary><c>enabled</c>: run this collector at all. Default true.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary><c>interval</c>: overrides the collector's default interval.</summary>
    public TimeSpan? Interval { get; init; }
    /// <summary><c>budget</c>: overrides how long one run may take before it is reported and backed off.</summary>
    public TimeSpan? Budget { get; init; }

    public static CollectorSettings Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return Default;
        }
        return new CollectorSettings
        {
            Enabled = map.Bool("enabled", true),
            Interval = map.Has("interval") ? map.Duration("interval", default, min: TimeSpan.FromSeconds(1)) : null,
            Budget = map.Has("budget") ? map.Duration("budget", default, min: TimeSpan.FromMilliseconds(1)) : null,
        };
    }
}

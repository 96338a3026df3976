namespace Vigil.Agent.Configuration;

/// <summary>
/// <c>detection</c>: anomaly detection on every numeric series the agent collects (see docs/detection.md).
/// Each series is matched against <see cref="Rules"/> by metric name, first match wins; a series no rule
/// matches gets the default detector at normal sensitivity.
/// </summary>
public sealed record AnomalyDetectionOptions
{
    /// <summary><c>enabled</c>: watch series at all. Default true.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary><c>max_series</c>: series watched at most; later ones are not watched, and that is reported. Default 10000.</summary>
    public int MaxSeries { get; init; } = 10_000;
    /// <summary><c>save_interval</c>: how often detector state is written to <c>state_dir/detectors.state</c> (and on stop). Default 5m.</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary><c>rules</c>: per metric-name pattern, which detectors, how sensitive, or off.</summary>
    public IReadOnlyList<DetectionRule> Rules { get; init; } = [];

    /// <summary>The rule for <paramref name="metric"/>: the first whose pattern matches, else the default.</summary>
    public DetectionRule For(string metric)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(metric))
            {
                return rule;
            }
        }
        return DetectionRule.Default;
    }

    public static AnomalyDetectionOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new AnomalyDetectionOptions();
        }
        var rules = map.MapList("rules").Select(DetectionRule.Bind).ToList();
        var options = new AnomalyDetectionOptions
        {
            Enabled = map.Bool("enabled", true),
            MaxSeries = map.Int("max_series", 10_000, min: 1),
            SaveInterval = map.Duration("save_interval", TimeSpan.FromMinutes(5), min: TimeSpan.FromSeconds(10)),
            Rules = rules,
        };
        map.RejectUnknownKeys();
        return options;
    }
}

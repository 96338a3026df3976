namespace Vigil.Agent.Configuration;

/// <summary>
/// <c>compliance.watch</c>: re-evaluate a policy soon after a file it read changes. The watched files are the ones
/// the policy's rules read in their last evaluation (and the policy file itself) plus <c>paths</c>; they are
/// fingerprinted (inode, size, mtime, ctime) every <c>poll</c>, and a change starts an evaluation once the files have
/// been quiet for <c>debounce</c>.
/// </summary>
public sealed record ComplianceWatchOptions
{
    /// <summary><c>enabled</c>: watch files. Default true.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary><c>paths</c>: more absolute host paths whose change re-evaluates every policy. Default none.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];
    /// <summary><c>debounce</c>: how long the files must stay unchanged before the evaluation starts. Default 10s.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary><c>poll</c>: how often the watched files are fingerprinted. Default 5s.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary><c>max_files</c>: the most files watched per policy; beyond it the rest are left to the interval. Default 512.</summary>
    public int MaxFiles { get; init; } = 512;

    public static ComplianceWatchOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new ComplianceWatchOptions();
        }
        var defaults = new ComplianceWatchOptions();
        var options = new ComplianceWatchOptions
        {
            Enabled = map.Bool("enabled", true),
            Paths = map.StringList("paths", []),
            Debounce = map.Duration("debounce", defaults.Debounce, min: TimeSpan.Zero),
            Poll = map.Duration("poll", defaults.Poll, min: TimeSpan.FromMilliseconds(100)),
            MaxFiles = map.Int("max_files", defaults.MaxFiles, min: 1, max: 100_000),
        };
        map.RejectUnknownKeys();
        if (options.Validate() is { } problem)
        {
            throw map.Error(problem.Key, problem.Message);
        }
        return options;
    }

    public (string Key, string Message)? Validate()
    {
        for (var i = 0; i < Paths.Count; i++)
        {
            if (!Paths[i].StartsWith('/') || Paths[i].Split('/').Contains(".."))
            {
                return ("paths", $"paths[{i}]: '{Paths[i]}' is not an absolute path without '..'");
            }
        }
        return Debounce > TimeSpan.FromHours(1) ? ("debounce", "at most 1h") : null;
    }
}

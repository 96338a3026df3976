namespace Vigil.Agent.Configuration;

/// <summary>
/// <c>compliance</c>: which policies the daemon evaluates, how often, when a watched file changes, and within what
/// share of the host. Absent, the built-in baseline is evaluated hourly on Debian and Ubuntu hosts and nothing is
/// evaluated elsewhere (see docs/compliance.md for why it is on by default).
/// </summary>
public sealed record ComplianceOptions
{
    /// <summary>The policy the daemon evaluates when <c>policies</c> is not set (on Debian and Ubuntu only).</summary>
    public const string DefaultPolicy = "builtin:debian-baseline";
    public const string BuiltInPrefix = "builtin:";

    /// <summary><c>enabled</c>: evaluate policies in the daemon. Default true.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>
    /// <c>policies</c>: built-in names (<c>builtin:debian-baseline</c>) and absolute file paths or globs
    /// (<c>/etc/vigil/policies/*.yaml</c>), Vigil YAML or Wazuh SCA. Default: the built-in baseline on Debian/Ubuntu.
    /// </summary>
    public IReadOnlyList<string> Policies { get; init; } = [DefaultPolicy];
    /// <summary>True when <c>policies</c> was not written: then the baseline runs only where the OS is Debian or Ubuntu.</summary>
    public bool PoliciesDefaulted { get; init; } = true;
    /// <summary><c>interval</c>: how often every policy is evaluated. Default 1h, at least 1m.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);
    /// <summary><c>startup_delay</c>: wait this long after start before the first evaluation, so it does not compete with start-up. Default 1m.</summary>
    public TimeSpan StartupDelay { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary><c>commands</c>: the exact command lines a policy's <c>command</c> rules may run. Default none.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];
    /// <summary><c>command_timeout</c>: the longest one policy command may run. Default 10s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public ComplianceWatchOptions Watch { get; init; } = new();
    public ComplianceBudgetOptions Budget { get; init; } = new();

    public static ComplianceOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new ComplianceOptions();
        }
        var defaults = new ComplianceOptions();
        var options = new ComplianceOptions
        {
            Enabled = map.Bool("enabled", true),
            PoliciesDefaulted = !map.Has("policies"),
            Policies = map.StringList("policies", defaults.Policies),
            Interval = map.Duration("interval", defaults.Interval, min: TimeSpan.FromMinutes(1)),
            StartupDelay = map.Duration("startup_delay", defaults.StartupDelay, min: TimeSpan.Zero),
            Commands = map.StringList("commands", []),
            CommandTimeout = map.Duration("command_timeout", defaults.CommandTimeout, min: TimeSpan.FromSeconds(1)),
            Watch = ComplianceWatchOptions.Bind(map.Map("watch")),
            Budget = ComplianceBudgetOptions.Bind(map.Map("budget")),
        };
        map.RejectUnknownKeys();
        if (options.Validate() is { } problem)
        {
            throw map.Error(problem.Key, problem.Message);
        }
        return options;
    }

    /// <summary>The first problem, as the key under <c>compliance</c> it concerns and what is wrong; null when valid.</summary>
    public (string Key, string Message)? Validate()
    {
        for (var i = 0; i < Policies.Count; i++)
        {
            var p = Policies[i];
            if (p.StartsWith(BuiltInPrefix, StringComparison.Ordinal))
            {
                if (p.Length == BuiltInPrefix.Length || p[BuiltInPrefix.Length..].Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                {
                    return ("policies", $"policies[{i}]: '{p}' is not a built-in name such as {DefaultPolicy}");
                }
            }
            else if (!p.StartsWith('/') || p.Split('/').Contains(".."))
            {
                return ("policies", $"policies[{i}]: '{p}' is neither builtin:NAME nor an absolute path (or glob) without '..'");
            }
        }
        for (var i = 0; i < Commands.Count; i++)
        {
            if (!Commands[i].TrimStart().StartsWith('/'))
            {
                return ("commands", $"commands[{i}]: '{Commands[i]}' must name its program by absolute path");
            }
        }
        if (Watch.Validate() is { } watch)
        {
            return ("watch." + watch.Key, watch.Message);
        }
        if (Budget.Validate() is { } budget)
        {
            return ("budget." + budget.Key, budget.Message);
        }
        return null;
    }
}

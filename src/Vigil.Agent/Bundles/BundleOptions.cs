using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Bundles;

/// <summary>
/// <c>bundles</c>: what <c>vigil-agent collect</c> and the <c>collect-bundle</c> action gather. Every key has a
/// default; the lists replace the defaults when given (a profile's <c>config_files</c>/<c>log_files</c> add to them).
/// </summary>
public sealed record BundleOptions
{
    /// <summary>The configuration files a bundle carries by default (host paths; <c>*</c> and <c>?</c> match within one path segment).</summary>
    public static IReadOnlyList<string> DefaultConfigFiles { get; } =
    [
        "/etc/os-release", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/fstab", "/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/*",
        "/etc/sysctl.d/*", "/etc/systemd/system/*.service", "/etc/vigil/agent.yaml",
    ];

    /// <summary>The log files a bundle carries by default, those that exist (Debian and Red Hat names both).</summary>
    public static IReadOnlyList<string> DefaultLogFiles { get; } =
    [
        "/var/log/syslog", "/var/log/messages", "/var/log/auth.log", "/var/log/secure", "/var/log/kern.log", "/var/log/dpkg.log",
        "/var/log/apt/history.log", "/var/log/yum.log", "/var/log/dnf.log", "/var/log/cloud-init.log", "/var/log/cloud-init-output.log",
    ];

    /// <summary><c>config_files</c>: configuration files to gather. Default <see cref="DefaultConfigFiles"/>.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = DefaultConfigFiles;
    /// <summary><c>log_files</c>: log files to gather, newest part first within the size cap. Default <see cref="DefaultLogFiles"/>.</summary>
    public IReadOnlyList<string> LogFiles { get; init; } = DefaultLogFiles;
    /// <summary><c>redact</c>: named rules <c>{name, pattern}</c> on top of the built-in ones (which always apply). Default none.</summary>
    public IReadOnlyList<RedactionRule> Redact { get; init; } = [];
    /// <summary><c>keep</c>: how many bundles the <c>collect-bundle</c> action keeps in the state directory. Default 3.</summary>
    public int Keep { get; init; } = 3;
    /// <summary><c>profiles</c>: named profiles, each <c>{base: default|full, max_file, max_total, journal, kernel, config_files, log_files}</c>.</summary>
    public IReadOnlyDictionary<string, BundleProfile> Profiles { get; init; } = new Dictionary<string, BundleProfile>(StringComparer.Ordinal);

    /// <summary>The profile called <paramref name="name"/>, or null (then <see cref="ProfileNames"/> lists what exists).</summary>
    public BundleProfile? Profile(string name) => name switch
    {
        BundleProfile.DefaultName => BundleProfile.Default,
        BundleProfile.FullName => BundleProfile.Full,
        _ => Profiles.GetValueOrDefault(name),
    };

    public IEnumerable<string> ProfileNames => new[] { BundleProfile.DefaultName, BundleProfile.FullName }.Concat(Profiles.Keys.Order(StringComparer.Ordinal));

    /// <summary>Why <paramref name="path"/> cannot name host files, or null.</summary>
    public static string? PathProblem(string path) =>
        !path.StartsWith('/') || path.Split('/').Contains("..") ? $"'{path}' is not an absolute path without '..'"
        : path.Contains("**", StringComparison.Ordinal) ? $"'{path}': '**' is not supported; '*' matches within one path segment"
        : null;

    public static BundleOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new BundleOptions();
        }
        var options = new BundleOptions
        {
            ConfigFiles = Paths(map, "config_files", DefaultConfigFiles),
            LogFiles = Paths(map, "log_files", DefaultLogFiles),
            Redact = map.MapList("redact").Select(BindRule).ToList(),
            Keep = map.Int("keep", 3, min: 1, max: 100),
            Profiles = BindProfiles(map.Map("profiles")),
        };
        map.RejectUnknownKeys();
        return options;
    }

    private static IReadOnlyList<string> Paths(ConfigMap map, string key, IReadOnlyList<string> fallback)
    {
        var paths = map.StringList(key, fallback);
        for (var i = 0; i < paths.Count; i++)
        {
            if (PathProblem(paths[i]) is { } problem)
            {
                throw map.Error(key, $"{key}[{i}]: {problem}");
            }
        }
        return paths;
    }

    private static RedactionRule BindRule(ConfigMap map)
    {
        var name = map.String("name") ?? throw map.Error("name", "required: the name redaction counts are reported under");
        var pattern = map.String("pattern") ?? throw map.Error("pattern", "required: a regular expression whose matches are replaced");
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw map.Error("pattern", $"not a valid regular expression: {e.Message}");
        }
        map.RejectUnknownKeys();
        return new RedactionRule(name, pattern);
    }

    private static Dictionary<string, BundleProfile> BindProfiles(ConfigMap? map)
    {
        var profiles = new Dictionary<string, BundleProfile>(StringComparer.Ordinal);
        if (map is null)
        {
            return profiles;
        }
        foreach (var name in map.Keys.ToList())
        {
            if (name is BundleProfile.DefaultName or BundleProfile.FullName)
            {
                throw map.KeyError(name, $"'{name}' is built in; give your profile another name and 'base: {name}'");
            }
            var p = map.Map(name) ?? throw map.Error(name, "expected a mapping of keys (base, max_file, max_total, journal, kernel, config_files, log_files)");
            var baseName = p.String("base", BundleProfile.DefaultName);
            var start = baseName switch
            {
                BundleProfile.DefaultName => BundleProfile.Default,
                BundleProfile.FullName => BundleProfile.Full,
                _ => throw p.Error("base", $"'{baseName}' is not a built-in profile (default, full)"),
            };
            var profile = start with
            {
                Name = name,
                MaxFileBytes = p.Bytes("max_file", start.MaxFileBytes),
                MaxTotalBytes = p.Bytes("max_total", start.MaxTotalBytes),
                JournalBytes = p.Bytes("journal", start.JournalBytes),
                KernelBytes = p.Bytes("kernel", start.KernelBytes),
                ExtraConfigFiles = [.. start.ExtraConfigFiles, .. p.StringList("config_files", [])],
                ExtraLogFiles = [.. start.ExtraLogFiles, .. p.StringList("log_files", [])],
            };
            p.RejectUnknownKeys();
            if (profile.Validate() is { } problem)
            {
                throw p.Error(problem.Key, problem.Message);
            }
            profiles[name] = profile;
        }
        return profiles;
    }
}

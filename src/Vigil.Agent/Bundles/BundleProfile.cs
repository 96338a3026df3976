namespace Vigil.Agent.Bundles;

/// <summary>
/// How much a bundle gathers: size caps and which files beyond the configured lists. <c>default</c> keeps a bundle
/// small enough to mail; <c>full</c> takes rotated logs and more of /etc; agent.yaml can name more under
/// <c>bundles.profiles</c>, each starting from one of the two.
/// </summary>
public sealed record BundleProfile
{
    public const string DefaultName = "default";
    public const string FullName = "full";

    public required string Name { get; init; }
    /// <summary><c>max_file</c>: the most one file may hold (logs keep their newest part). Default 1MiB, full 8MiB.</summary>
    public long MaxFileBytes { get; init; } = 1L << 20;
    /// <summary><c>max_total</c>: the most all files together may hold, before compression. Default 32MiB, full 256MiB.</summary>
    public long MaxTotalBytes { get; init; } = 32L << 20;
    /// <summary><c>journal</c>: the most of the journal kept (its newest part). Default 4MiB, full 32MiB.</summary>
    public long JournalBytes { get; init; } = 4L << 20;
    /// <summary><c>kernel</c>: the most of the kernel message buffer kept (its newest part). Default 1MiB, full 4MiB.</summary>
    public long KernelBytes { get; init; } = 1L << 20;
    /// <summary><c>config_files</c>: host paths or globs gathered on top of <c>bundles.config_files</c>.</summary>
    public IReadOnlyList<string> ExtraConfigFiles { get; init; } = [];
    /// <summary><c>log_files</c>: host paths or globs gathered on top of <c>bundles.log_files</c>.</summary>
    public IReadOnlyList<string> ExtraLogFiles { get; init; } = [];

    public static BundleProfile Default { get; } = new() { Name = DefaultName };

    public static BundleProfile Full { get; } = new()
    {
        Name = FullName,
        MaxFileBytes = 8L << 20,
        MaxTotalBytes = 256L << 20,
        JournalBytes = 32L << 20,
        KernelBytes = 4L << 20,
        ExtraConfigFiles =
        [
            "/etc/nsswitch.conf", "/etc/security/limits.conf", "/etc/security/limits.d/*", "/etc/crontab", "/etc/cron.d/*",
            "/etc/apt/sources.list", "/etc/apt/sources.list.d/*", "/etc/yum.repos.d/*", "/etc/default/*", "/etc/logrotate.conf",
            "/etc/systemd/system/*.timer", "/etc/systemd/system/*/override.conf", "/etc/systemd/journald.conf", "/etc/ssh/ssh_config",
            "/etc/sysctl.conf", "/etc/modprobe.d/*", "/etc/netplan/*", "/etc/network/interfaces", "/etc/chrony/chrony.conf", "/etc/ntp.conf",
        ],
        ExtraLogFiles = ["/var/log/*.log", "/var/log/syslog.1", "/var/log/messages.1", "/var/log/auth.log.1", "/var/log/kern.log.1"],
    };

    /// <summary>The first problem as the key it concerns and what is wrong; null when valid.</summary>
    public (string Key, string Message)? Validate()
    {
        if (MaxFileBytes < 4096 || MaxFileBytes > 1L << 30)
        {
            return ("max_file", "between 4KiB and 1GiB");
        }
        if (MaxTotalBytes < MaxFileBytes || MaxTotalBytes > 16L << 30)
        {
            return ("max_total", "at least max_file and at most 16GiB");
        }
        if (JournalBytes < 4096 || KernelBytes < 4096)
        {
            return (JournalBytes < 4096 ? "journal" : "kernel", "at least 4KiB");
        }
        var paths = ExtraConfigFiles.Select(p => ("config_files", p)).Concat(ExtraLogFiles.Select(p => ("log_files", p)));
        foreach (var (key, path) in paths)
        {
            if (BundleOptions.PathProblem(path) is { } problem)
            {
                return (key, problem);
            }
        }
        return null;
    }
}

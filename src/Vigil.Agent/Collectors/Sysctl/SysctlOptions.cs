using Vigil.Agent.Configuration;

namespace Vigil.Agent.Collectors.Sysctl;

/// <summary><c>collectors.sysctl</c>.</summary>
public sealed record SysctlOptions
{
    /// <summary>Security hardening and diagnostics settings an operator or a CIS-style policy asks about.</summary>
    public static IReadOnlyList<string> DefaultKeys { get; } =
    [
        "net.ipv4.ip_forward",
        "net.ipv4.conf.all.rp_filter",
        "net.ipv4.conf.default.rp_filter",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.conf.all.accept_redirects",
        "net.ipv4.conf.all.send_redirects",
        "net.ipv4.conf.all.accept_source_route",
        "net.ipv4.conf.all.log_martians",
        "net.ipv4.tcp_max_syn_backlog",
        "net.ipv6.conf.all.accept_ra",
        "net.core.somaxconn",
        "kernel.randomize_va_space",
        "kernel.kptr_restrict",
        "kernel.dmesg_restrict",
        "kernel.yama.ptrace_scope",
        "kernel.unprivileged_bpf_disabled",
        "kernel.perf_event_paranoid",
        "kernel.sysrq",
        "kernel.panic",
        "kernel.pid_max",
        "kernel.core_pattern",
        "fs.suid_dumpable",
        "fs.protected_hardlinks",
        "fs.protected_symlinks",
        "fs.protected_fifos",
        "fs.protected_regular",
        "fs.file-max",
        "vm.swappiness",
        "vm.overcommit_memory",
        "user.max_user_namespaces",
    ];

    /// <summary>
    /// <c>keys</c>: dotted sysctl names to report (as <c>sysctl -a</c> prints them), read from /proc/sys.
    /// Default: <see cref="DefaultKeys"/>. Names may use only a-z, 0-9, '_', '.', '-'.
    /// </summary>
    public IReadOnlyList<string> Keys { get; init; } = DefaultKeys;

    public static SysctlOptions Bind(ConfigMap map)
    {
        var keys = map.StringList("keys", DefaultKeys);
        foreach (var key in keys)
        {
            if (Problem(key) is { } problem)
            {
                throw map.Error("keys", $"'{key}' is not a sysctl name: {problem}");
            }
        }
        return new SysctlOptions { Keys = keys };
    }

    /// <summary>Why <paramref name="key"/> is refused, or null. The name becomes a path, so nothing may escape /proc/sys.</summary>
    public static string? Problem(string key)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }
        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-'))
            {
                return c == '/' ? "use dots, not '/'" : $"'{c}' is not allowed (only a-z, 0-9, '_', '.', '-')";
            }
        }
        if (key.Contains("..", StringComparison.Ordinal) || key[0] == '.' || key[^1] == '.')
        {
            return "empty name segment (\"..\" or a leading or trailing dot)";
        }
        return null;
    }
}

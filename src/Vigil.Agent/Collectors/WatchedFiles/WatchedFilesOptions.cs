using Vigil.Agent.Configuration;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>
/// <c>collectors.files</c>: which files are fingerprinted for drift. Setting <c>paths</c> replaces the defaults.
/// <code>
/// files:
///   paths: [/etc/passwd, /etc/ssh/sshd_config, /etc/nginx, "/etc/systemd/system/*.service"]
///   recursive: true
///   max_file_bytes: 64MiB
///   always_hash: false
/// </code>
/// </summary>
public sealed record WatchedFilesOptions
{
    /// <summary>
    /// The default watch list: files an intruder or a careless change touches first (accounts, privilege, remote
    /// login, name resolution, scheduled jobs, preloaded libraries). Absent ones are simply not reported, and are
    /// reported as created if they appear. /etc/shadow and /etc/gshadow are hashed on the host; their content never leaves it.
    /// </summary>
    public static IReadOnlyList<string> DefaultPaths { get; } =
    [
        "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow",
        "/etc/sudoers", "/etc/sudoers.d",
        "/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d",
        "/root/.ssh/authorized_keys",
        "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf",
        "/etc/crontab", "/etc/cron.d",
        "/etc/ld.so.preload",
    ];

    /// <summary><c>paths</c>: absolute host paths of files, directories, or patterns (<c>*</c>, <c>?</c>) in the last segment. Default <see cref="DefaultPaths"/>.</summary>
    public IReadOnlyList<string> Paths { get; init; } = DefaultPaths;

    /// <summary><c>recursive</c>: also watch files in sub-directories of watched directories. Default false.</summary>
    public bool Recursive { get; init; }

    /// <summary><c>max_file_bytes</c>: files longer than this are hashed up to it, and marked <c>hash_truncated</c>. Default 64MiB.</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>
    /// <c>always_hash</c>: re-hash every file every run. By default a file whose size, mtime, ctime, mode, owner,
    /// group, inode and device are all unchanged keeps its previous hash, which makes a run a handful of stat calls.
    /// Default false.
    /// </summary>
    public bool AlwaysHash { get; init; }

    public static WatchedFilesOptions Bind(ConfigMap map)
    {
        var paths = map.StringList("paths", DefaultPaths);
        foreach (var path in paths)
        {
            if (!path.StartsWith('/'))
            {
                throw map.Error("paths", $"'{path}' is not an absolute path");
            }
            var slash = path.LastIndexOf('/');
            if (WatchedPathExpander.IsPattern(path.AsSpan(0, slash)))
            {
                throw map.Error("paths", $"'{path}': patterns are supported in the last path segment only");
            }
        }
        return new WatchedFilesOptions
        {
            Paths = paths,
            Recursive = map.Bool("recursive", false),
            MaxFileBytes = map.Bytes("max_file_bytes", 64L << 20, min: 1),
            AlwaysHash = map.Bool("always_hash", false),
        };
    }
}

using Vigil.Agent.Configuration;

namespace Vigil.Agent.Collectors.Filesystem;

/// <summary><c>collectors.filesystem</c>: which mounts the filesystem collector measures.</summary>
public sealed record FilesystemOptions
{
    /// <summary>
    /// Kernel and pseudo filesystems with no meaningful capacity, and read-only images (squashfs, erofs) that are
    /// always 100% full. tmpfs and overlay are kept: a full /dev/shm, /run or container root is a real outage.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultExcludeTypes =
    [
        "proc", "sysfs", "cgroup", "cgroup2", "devpts", "devtmpfs", "mqueue", "debugfs", "tracefs", "securityfs",
        "pstore", "bpf", "autofs", "configfs", "fusectl", "binfmt_misc", "hugetlbfs", "rpc_pipefs", "nsfs",
        "efivarfs", "selinuxfs", "ramfs", "squashfs", "erofs",
    ];

    /// <summary>
    /// Kernel trees, plus the per-container and per-pod mounts of container runtimes and the kubelet: a node has
    /// hundreds, each a view of a filesystem already measured at its own mount point.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultExcludeMounts =
    [
        "/proc", "/sys", "/run/credentials", "/run/netns", "/run/docker/netns", "/run/containerd",
        "/var/lib/docker", "/var/lib/containers", "/var/lib/kubelet/pods", "/run/k3s",
    ];

    /// <summary>Network and remote filesystems, skipped unless <see cref="IncludeNetwork"/>: statvfs on a dead server blocks.</summary>
    public static readonly IReadOnlyList<string> NetworkTypes =
    [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "ceph", "glusterfs", "fuse.glusterfs", "fuse.sshfs",
        "fuse.s3fs", "fuse.rclone", "fuse.ceph", "afs", "lustre", "gpfs", "davfs", "9p",
    ];

    /// <summary><c>exclude_types</c>: filesystem types not measured. Default <see cref="DefaultExcludeTypes"/>; setting it replaces the list.</summary>
    public IReadOnlyList<string> ExcludeTypes { get; init; } = DefaultExcludeTypes;

    /// <summary>
    /// <c>exclude_mounts</c>: mount point prefixes not measured and left out of the <c>mounts</c> inventory, matched
    /// on whole path components (<c>/sys</c> excludes <c>/sys/fs/cgroup</c> but not <c>/sysroot</c>). Default <see cref="DefaultExcludeMounts"/>.
    /// </summary>
    public IReadOnlyList<string> ExcludeMounts { get; init; } = DefaultExcludeMounts;

    /// <summary>
    /// <c>include_network</c>: also measure network filesystems (<see cref="NetworkTypes"/>). Default false, because
    /// statvfs on an unreachable NFS or CIFS server can block for minutes in an uninterruptible kernel wait that no
    /// timeout or cancellation can end, stalling the collector. They still appear in the <c>mounts</c> inventory.
    /// </summary>
    public bool IncludeNetwork { get; init; }

    public static FilesystemOptions Bind(ConfigMap map)
    {
        var options = new FilesystemOptions
        {
            ExcludeTypes = map.StringList("exclude_types", DefaultExcludeTypes),
            ExcludeMounts = map.StringList("exclude_mounts", DefaultExcludeMounts),
            IncludeNetwork = map.Bool("include_network", false),
        };
        foreach (var prefix in options.ExcludeMounts)
        {
            if (!prefix.StartsWith('/'))
            {
                throw map.Error("exclude_mounts", $"'{prefix}' is not an absolute path");
            }
        }
        return options;
    }

    /// <summary>Whether <paramref name="mountPoint"/> is, or is under, one of <see cref="ExcludeMounts"/>.</summary>
    public bool IsExcludedMount(string mountPoint)
    {
        foreach (var prefix in ExcludeMounts)
        {
            var p = prefix.Length > 1 ? prefix.TrimEnd('/') : prefix;
            if (p == "/" || mountPoint == p || (mountPoint.StartsWith(p, StringComparison.Ordinal) && mountPoint.Length > p.Length && mountPoint[p.Length] == '/'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether the collector measures a mount of this type (inventory lists it either way).</summary>
    public bool MeasuresType(string fsType) =>
        !ExcludeTypes.Contains(fsType) && (IncludeNetwork || !NetworkTypes.Contains(fsType));
}

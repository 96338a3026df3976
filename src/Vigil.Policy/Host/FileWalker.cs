using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Host;

/// <summary>
/// Walks a directory tree once and keeps only the entries a whole-filesystem rule can be about: world-writable,
/// setuid or setgid entries, and entries whose owner or group no account or group has. Keeping only those bounds
/// memory whatever the number of files. Symbolic links are not followed, and pseudo and network filesystems
/// (proc, sysfs, devpts, cgroup, nfs, fuse, ...) mounted inside the tree are not entered, as OpenSCAP's local-file
/// checks do. The walk runs on directory descriptors (<see cref="DescriptorWalk"/>), or through .NET's enumeration
/// where the kernel refuses that (<see cref="EnumerationWalk"/>).
/// </summary>
public static class FileWalker
{
    private static readonly HashSet<string> SkippedFilesystems = new(StringComparer.Ordinal)
    {
        "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs", "debugfs", "tracefs", "pstore", "bpf",
        "mqueue", "hugetlbfs", "configfs", "fusectl", "binfmt_misc", "autofs", "nsfs", "efivarfs", "selinuxfs",
        "nfs", "nfs4", "cifs", "smb3", "ceph", "9p", "rpc_pipefs",
    };

    public static IReadOnlyList<WalkEntry> Walk(EvaluationContext context, string absolute)
    {
        var root = context.Resolve(absolute);
        var skipped = context.Mounts
            .Where(m => SkippedFilesystems.Contains(m.FsType) || m.FsType.StartsWith("fuse.", StringComparison.Ordinal))
            .Select(m => context.Resolve(m.MountPoint).TrimEnd('/'))
            .ToHashSet(StringComparer.Ordinal);
        skipped.Add(context.Paths.Proc.TrimEnd('/'));
        skipped.Add(context.Paths.Sys.TrimEnd('/'));
        var uids = context.Users.Select(u => u.Uid).ToHashSet();
        var gids = context.Groups.Select(g => g.Gid).ToHashSet();
        var filter = new WalkFilter(skipped, uids, gids, context.Paths.Root.TrimEnd('/'));
        if (!DescriptorWalk.TryRun(root, filter))
        {
            EnumerationWalk.Run(root, filter);
        }
        // The root itself is not one of its entries: statted on its own, following a symlink given as the root.
        var stat = new UnixStat();
        var kept = filter.Kept;
        if (stat.Stat(root, out var rootStatus) == 0 && ((rootStatus.Mode & 0x0C02) != 0 /* setuid, setgid, other-write */ || !uids.Contains(rootStatus.Uid)))
        {
            kept.Add(new WalkEntry(absolute, rootStatus.Mode, rootStatus.Uid, rootStatus.Gid));
        }
        return kept;
    }
}

using System.IO.Enumeration;
using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Host;

/// <summary>
/// Walks a directory tree once and keeps only the entries a whole-filesystem rule can be about: world-writable,
/// setuid or setgid entries, and entries whose owner or group no account or group has. Keeping only those bounds
/// memory whatever the number of files. Symbolic links are not followed, and pseudo and network filesystems
/// (proc, sysfs, devpts, cgroup, nfs, fuse, ...) mounted inside the tree are not entered, as OpenSCAP's local-file
/// checks do.
/// </summary>
public static class FileWalker
{
    private const uint SpecialOrWorldWritable = 0x0C02; // setuid 04000, setgid 02000, other-write 0002

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
        var stat = new UnixStat();
        var hostPrefix = context.Paths.Root.TrimEnd('/');
        var kept = new List<WalkEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        // No FileSystemEntry.Attributes here: on Linux it costs an lstat per entry, and one statx (not following
        // links) per entry tells everything needed. Symlinks are skipped by their own type.
        var entries = new FileSystemEnumerable<string>(root, (ref FileSystemEntry e) => e.ToFullPath(), options)
        {
            // Attributes (an lstat) only for directories: never descend through a symlink (/dev/fd → /proc/self/fd).
            ShouldRecursePredicate = (ref FileSystemEntry e) =>
                (e.Attributes & FileAttributes.ReparsePoint) == 0 && !skipped.Contains(e.ToFullPath()),
        };
        foreach (var path in entries)
        {
            if (stat.Stat(path, followSymlinks: false, out var s) != 0 || (s.Mode & 0xF000) == 0xA000)
            {
                continue;
            }
            if ((s.Mode & SpecialOrWorldWritable) != 0 || !uids.Contains(s.Uid) || !gids.Contains(s.Gid))
            {
                var hostPath = hostPrefix.Length > 0 && path.StartsWith(hostPrefix, StringComparison.Ordinal) ? path[hostPrefix.Length..] : path;
                kept.Add(new WalkEntry(hostPath, s.Mode, s.Uid, s.Gid));
            }
        }
        if (stat.Stat(root, out var rootStatus) == 0 && ((rootStatus.Mode & SpecialOrWorldWritable) != 0 || !uids.Contains(rootStatus.Uid)))
        {
            kept.Add(new WalkEntry(absolute, rootStatus.Mode, rootStatus.Uid, rootStatus.Gid));
        }
        return kept;
    }
}

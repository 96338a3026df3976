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

    private static bool IsSkipped(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> skipped, ref FileSystemEntry e, ref char[] buffer)
    {
        return skipped.Contains(FullPath(ref e, ref buffer));
    }

    /// <summary>The entry's full path in <paramref name="buffer"/> (grown when needed); no '//' under the root directory.</summary>
    private static ReadOnlySpan<char> FullPath(ref FileSystemEntry e, ref char[] buffer)
    {
        var directory = e.Directory.EndsWith('/') ? e.Directory[..^1] : e.Directory;
        var length = directory.Length + 1 + e.FileName.Length;
        if (length > buffer.Length)
        {
            buffer = new char[length * 2];
        }
        directory.CopyTo(buffer);
        buffer[directory.Length] = '/';
        e.FileName.CopyTo(buffer.AsSpan(directory.Length + 1));
        return buffer.AsSpan(0, length);
    }

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
        var skippedLookup = skipped.GetAlternateLookup<ReadOnlySpan<char>>();
        var stat = new UnixStat();
        var hostPrefix = context.Paths.Root.TrimEnd('/');
        var kept = new List<WalkEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        var buffer = new char[4096];
        // One statx (not following links) per entry, on a path built in a reused buffer: no FileSystemEntry.Attributes
        // (an extra lstat on Linux) and no string per entry; only the few entries kept get a string.
        var entries = new FileSystemEnumerable<bool>(root, (ref FileSystemEntry e) =>
        {
            var path = FullPath(ref e, ref buffer);
            if (stat.Stat(path, followSymlinks: false, out var s) != 0 || (s.Mode & 0xF000) == 0xA000)
            {
                return false;
            }
            if ((s.Mode & SpecialOrWorldWritable) != 0 || !uids.Contains(s.Uid) || !gids.Contains(s.Gid))
            {
                var hostPath = hostPrefix.Length > 0 && path.StartsWith(hostPrefix) ? path[hostPrefix.Length..] : path;
                kept.Add(new WalkEntry(hostPath.ToString(), s.Mode, s.Uid, s.Gid));
            }
            return true;
        }, options)
        {
            // Attributes (an lstat) only for directories: never descend through a symlink (/dev/fd → /proc/self/fd).
            ShouldRecursePredicate = (ref FileSystemEntry e) =>
                (e.Attributes & FileAttributes.ReparsePoint) == 0 && !IsSkipped(skippedLookup, ref e, ref buffer),
        };
        foreach (var _ in entries)
        {
        }
        if (stat.Stat(root, out var rootStatus) == 0 && ((rootStatus.Mode & SpecialOrWorldWritable) != 0 || !uids.Contains(rootStatus.Uid)))
        {
            kept.Add(new WalkEntry(absolute, rootStatus.Mode, rootStatus.Uid, rootStatus.Gid));
        }
        return kept;
    }
}

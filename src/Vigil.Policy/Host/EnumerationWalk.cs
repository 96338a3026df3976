using System.IO.Enumeration;
using Vigil.Agent.Collectors.WatchedFiles;

namespace Vigil.Policy.Host;

/// <summary>
/// The walk through .NET's directory enumeration and one statx per entry on its full path: the fallback of
/// <see cref="DescriptorWalk"/> where getdents64 or descriptor-relative statx is unavailable (old kernels, seccomp
/// profiles). Same order and same entries, only slower (each stat resolves the whole path again).
/// </summary>
internal static class EnumerationWalk
{
    public static void Run(string root, WalkFilter filter)
    {
        var stat = new UnixStat();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        var buffer = new char[4096];
        // The path is built in a reused buffer: no FileSystemEntry.Attributes (an extra lstat on Linux) and no string
        // per entry; only the few entries kept get a string.
        var entries = new FileSystemEnumerable<bool>(root, (ref FileSystemEntry e) =>
        {
            var path = FullPath(ref e, ref buffer);
            if (stat.Stat(path, followSymlinks: false, out var s) != 0 || (s.Mode & 0xF000) == 0xA000)
            {
                return false;
            }
            if (filter.Wants(s.Mode, s.Uid, s.Gid))
            {
                filter.Keep(path, s.Mode, s.Uid, s.Gid);
            }
            return true;
        }, options)
        {
            // Attributes (an lstat) only for directories: never descend through a symlink (/dev/fd → /proc/self/fd).
            ShouldRecursePredicate = (ref FileSystemEntry e) =>
                (e.Attributes & FileAttributes.ReparsePoint) == 0 && !filter.IsSkipped(FullPath(ref e, ref buffer)),
        };
        foreach (var _ in entries)
        {
        }
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
}

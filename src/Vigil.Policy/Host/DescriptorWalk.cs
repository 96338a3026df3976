using System.Runtime.InteropServices;
using System.Text;
using static Vigil.Policy.Host.LinuxDirectoryCalls;

namespace Vigil.Policy.Host;

/// <summary>
/// The filesystem walk on directory descriptors: getdents64 on the open directory, and statx of each name relative
/// to that descriptor, so the kernel resolves one path component per entry instead of the whole path. Symlinks
/// (known from d_type) are not statted at all. Directories are read breadth-first in getdents order, the order of
/// .NET's enumeration (<see cref="EnumerationWalk"/>), so both report the same entries in the same order. Names
/// stay bytes until an entry is kept, so names that are not valid UTF-8 are still statted and entered.
/// </summary>
internal static class DescriptorWalk
{
    private const int NameOffset = 19; // linux_dirent64: d_ino 8, d_off 8, d_reclen 2, d_type 1, then d_name

    /// <summary>
    /// Walks <paramref name="root"/> into <paramref name="filter"/>. Returns false, having kept nothing, when the calls
    /// are unavailable, so that the caller falls back to <see cref="EnumerationWalk"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The root is missing or not a directory.</exception>
    /// <exception cref="UnauthorizedAccessException">The root cannot be read.</exception>
    public static bool TryRun(string root, WalkFilter filter)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var entries = new byte[64 * 1024];
        var first = NulTerminated(Encoding.UTF8.GetBytes(full));
        int fd;
        try
        {
            fd = Open(first, OpenDirectoryFlags);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw errno is EACCES or EPERM
                    ? new UnauthorizedAccessException($"Access to the path '{full}' is denied.")
                    : new DirectoryNotFoundException($"Could not find a part of the path '{full}'.");
            }
            var dot = "."u8.ToArray();
            if (Statx(fd, ref dot[0], AtSymlinkNoFollow, StatxTypeModeOwner, out _) != 0 && Marshal.GetLastPInvokeError() is ENOSYS or EPERM
                || GetDents64(fd, entries, 0) < 0 && Marshal.GetLastPInvokeError() is ENOSYS or EPERM)
            {
                _ = Close(fd);
                return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        var pending = new Queue<byte[]>();
        var path = new char[4096];
        var directory = first;
        while (true)
        {
            ReadDirectory(fd, directory, entries, ref path, filter, pending);
            _ = Close(fd);
            do
            {
                if (!pending.TryDequeue(out directory))
                {
                    return true;
                }
                fd = Open(directory, OpenDirectoryFlags);
            }
            while (fd < 0); // gone or unreadable since it was listed: skipped, as .NET's IgnoreInaccessible does
        }
    }

    private static void ReadDirectory(int fd, byte[] directory, byte[] entries, ref char[] path, WalkFilter filter, Queue<byte[]> pending)
    {
        // Children are "<directory>/<name>"; under "/" the prefix is empty so that they read "/etc", not "//etc".
        var prefix = directory.AsSpan(0, directory.Length - 1);
        if (prefix.Length == 1 && prefix[0] == (byte)'/')
        {
            prefix = [];
        }
        var prefixChars = Encoding.UTF8.GetCharCount(prefix);
        EnsureLength(ref path, prefixChars + 1);
        Encoding.UTF8.GetChars(prefix, path);
        path[prefixChars] = '/';
        nint filled;
        while ((filled = GetDents64(fd, entries, (nuint)entries.Length)) > 0)
        {
            for (var offset = 0; offset < filled;)
            {
                var recordLength = MemoryMarshal.Read<ushort>(entries.AsSpan(offset + 16));
                var type = entries[offset + 18];
                var record = entries.AsSpan(offset + NameOffset, recordLength - NameOffset);
                var name = record[..record.IndexOf((byte)0)];
                var nameAt = offset + NameOffset;
                offset += recordLength;
                if (type == DtLink || name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)
                    || Statx(fd, ref entries[nameAt], AtSymlinkNoFollow, StatxTypeModeOwner, out var status) != 0)
                {
                    continue;
                }
                var fileType = status.Mode & 0xF000;
                var keep = filter.Wants(status.Mode, status.Uid, status.Gid);
                if (fileType == 0xA000 || (fileType != 0x4000 && !keep))
                {
                    continue;
                }
                EnsureLength(ref path, prefixChars + 1 + name.Length);
                var length = prefixChars + 1 + Encoding.UTF8.GetChars(name, path.AsSpan(prefixChars + 1));
                var full = path.AsSpan(0, length);
                if (keep)
                {
                    filter.Keep(full, status.Mode, status.Uid, status.Gid);
                }
                if (fileType == 0x4000 && !filter.IsSkipped(full))
                {
                    var child = new byte[prefix.Length + 1 + name.Length + 1];
                    prefix.CopyTo(child);
                    child[prefix.Length] = (byte)'/';
                    name.CopyTo(child.AsSpan(prefix.Length + 1));
                    pending.Enqueue(child);
                }
            }
        }
    }

    private static void EnsureLength(ref char[] buffer, int length)
    {
        if (length > buffer.Length)
        {
            Array.Resize(ref buffer, length * 2);
        }
    }

    private static byte[] NulTerminated(byte[] bytes)
    {
        var result = new byte[bytes.Length + 1];
        bytes.CopyTo(result, 0);
        return result;
    }
}

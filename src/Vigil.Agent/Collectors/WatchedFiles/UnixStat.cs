using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>
/// stat(2) for watched files: .NET exposes permissions (<see cref="File.GetUnixFileMode(string)"/>) but not owner,
/// group or inode, so this calls statx(2) from libc directly. It is NativeAOT-safe: the signature is blittable
/// (a pinned byte array and a pinned fixed-layout struct), so no marshalling code is generated at run time, and
/// the path buffer is reused. A plain DllImport is used rather than LibraryImport because LibraryImport's generated
/// code needs unsafe blocks enabled for the whole assembly, and a blittable DllImport needs no generated code.
/// Where statx is missing (kernels before 4.11, or seccomp profiles that refuse it) it falls back to the managed
/// APIs and reports owner and group as unknown.
/// </summary>
internal sealed class UnixStat
{
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    private const int EPERM = 1;
    private const int ENOSYS = 38;
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int AtSymlinkNoFollow = 0x100;

    private byte[] _path = new byte[256];

    /// <summary>True once statx turned out to be unavailable and the managed fallback is in use.</summary>
    public bool UsingFallback { get; private set; }

    /// <summary>Stats <paramref name="path"/>, following symlinks. Returns 0, or the errno (ENOENT, EACCES, ...).</summary>
    public int Stat(string path, out FileStatus status) => Stat(path, followSymlinks: true, out status);

    /// <summary>As <see cref="Stat(string, out FileStatus)"/>; with <paramref name="followSymlinks"/> false a symlink reports itself (lstat).</summary>
    public int Stat(ReadOnlySpan<char> path, bool followSymlinks, out FileStatus status)
    {
        status = default;
        if (!UsingFallback)
        {
            var length = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
            if (_path.Length < length)
            {
                _path = new byte[length];
            }
            var n = Encoding.UTF8.GetBytes(path, _path);
            _path[n] = 0;
            try
            {
                if (Statx(AtFdCwd, _path, followSymlinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, out var buffer) == 0)
                {
                    status = new FileStatus(buffer.Mode, buffer.Uid, buffer.Gid, (long)buffer.Size,
                        buffer.MtimeSeconds * 1_000_000_000 + buffer.MtimeNanoseconds,
                        buffer.CtimeSeconds * 1_000_000_000 + buffer.CtimeNanoseconds,
                        buffer.Inode, ((ulong)buffer.DevMajor << 32) | buffer.DevMinor);
                    return 0;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno is not (ENOSYS or EPERM))
                {
                    return errno;
                }
            }
            catch (EntryPointNotFoundException)
            {
            }
            UsingFallback = true;
        }
        return ManagedStat(path.ToString(), out status);
    }

    private static int ManagedStat(string path, out FileStatus status)
    {
        status = default;
        try
        {
            var file = new FileInfo(path);
            if (file.Exists)
            {
                var mtime = (file.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
                status = new FileStatus(0x8000 | (uint)file.UnixFileMode, uint.MaxValue, uint.MaxValue, file.Length, mtime, mtime, 0, 0);
                return 0;
            }
            var directory = new DirectoryInfo(path);
            if (directory.Exists)
            {
                status = new FileStatus(0x4000 | (uint)directory.UnixFileMode, uint.MaxValue, uint.MaxValue, 0, 0, 0, 0, 0);
                return 0;
            }
            return ENOENT;
        }
        catch (UnauthorizedAccessException)
        {
            return EACCES;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, byte[] path, int flags, uint mask, out StatxBuffer buffer);
}

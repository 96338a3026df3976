using System.Runtime.InteropServices;
using Vigil.Agent.Collectors.WatchedFiles;

namespace Vigil.Policy.Host;

/// <summary>
/// The libc calls of the descriptor-relative walk (<see cref="DescriptorWalk"/>): open(2), getdents64(2), statx(2)
/// relative to the open directory, close(2). Blittable DllImports only (byte arrays, a by-ref byte, a fixed-layout
/// struct), so NativeAOT needs no marshalling generated at run time and the assembly needs no unsafe code.
/// </summary>
internal static class LinuxDirectoryCalls
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int ENOSYS = 38;

    /// <summary>statx: do not follow a final symlink.</summary>
    public const int AtSymlinkNoFollow = 0x100;

    /// <summary>statx: only type, mode, owner and group are needed (STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID).</summary>
    public const uint StatxTypeModeOwner = 0x1 | 0x2 | 0x8 | 0x10;

    /// <summary>getdents64 d_type of a symbolic link.</summary>
    public const byte DtLink = 10;

    /// <summary>O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC; the O_DIRECTORY and O_NOFOLLOW bits differ on ARM.</summary>
    public static readonly int OpenDirectoryFlags = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm
        ? 0x4000 | 0x8000 | 0x80000
        : 0x10000 | 0x20000 | 0x80000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open(byte[] path, int flags);

    /// <summary>Fills <paramref name="buffer"/> with linux_dirent64 records; 0 at the end of the directory, -1 on error.</summary>
    [DllImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    public static extern nint GetDents64(int fd, byte[] buffer, nuint size);

    /// <summary>statx(2) of the NUL-terminated name starting at <paramref name="name"/>, relative to <paramref name="directoryFd"/>.</summary>
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static extern int Statx(int directoryFd, ref byte name, int flags, uint mask, out StatxBuffer buffer);

    [DllImport("libc", EntryPoint = "close")]
    public static extern int Close(int fd);
}

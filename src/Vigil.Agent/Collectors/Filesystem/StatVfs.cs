using System.Runtime.InteropServices;

namespace Vigil.Agent.Collectors.Filesystem;

/// <summary>
/// <c>struct statvfs</c> as glibc and musl lay it out on 64-bit Linux (x86-64, arm64): eleven 8-byte fields then
/// spare ints. Blittable, so the call marshals by pinning with no generated conversion code. The struct is
/// declared larger than libc's 112 bytes so a libc that writes a little more cannot overrun it.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 256)]
public struct StatVfs
{
    public ulong BlockSize;
    /// <summary>Fragment size: the unit of the block counts.</summary>
    public ulong FragmentSize;
    public ulong Blocks;
    /// <summary>Free blocks, including those reserved for root.</summary>
    public ulong BlocksFree;
    /// <summary>Free blocks an unprivileged user may use.</summary>
    public ulong BlocksAvailable;
    public ulong Files;
    public ulong FilesFree;
    public ulong FilesAvailable;
    public ulong FileSystemId;
    public ulong Flags;
    public ulong MaxNameLength;
}

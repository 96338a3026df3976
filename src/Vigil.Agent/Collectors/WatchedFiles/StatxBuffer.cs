using System.Runtime.InteropServices;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>
/// Linux <c>struct statx</c> (include/uapi/linux/stat.h). Unlike <c>struct stat</c> its layout is the same on every
/// architecture (x86_64, arm64, ...), which is why the agent calls statx: one blittable definition, no per-arch table.
/// Only the fields Vigil reads are declared; the size covers the whole kernel structure.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(0)] public uint Mask;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(96)] public long CtimeSeconds;
    [FieldOffset(104)] public uint CtimeNanoseconds;
    [FieldOffset(112)] public long MtimeSeconds;
    [FieldOffset(120)] public uint MtimeNanoseconds;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;
}

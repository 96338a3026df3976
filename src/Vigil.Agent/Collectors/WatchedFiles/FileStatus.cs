namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>The metadata of a file that decides whether it changed, as stat(2) reports it.</summary>
/// <param name="Mode">File type and permission bits, including setuid, setgid and sticky.</param>
/// <param name="Uid">Owner; <see cref="uint.MaxValue"/> when the platform could not say.</param>
public readonly record struct FileStatus(uint Mode, uint Uid, uint Gid, long Size, long MtimeNs, long CtimeNs, ulong Inode, ulong Device)
{
    private const uint TypeMask = 0xF000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    /// <summary>The permission bits in octal with the special bits first, e.g. <c>0644</c>, <c>4755</c>, <c>1777</c>.</summary>
    public static string FormatPermissions(uint mode)
    {
        Span<char> digits = ['0', '0', '0', '0'];
        var bits = mode & 0xFFF;
        for (var i = 3; i >= 0; i--)
        {
            digits[i] = (char)('0' + (bits & 7));
            bits >>= 3;
        }
        return new string(digits);
    }
}

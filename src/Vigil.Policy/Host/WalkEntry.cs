namespace Vigil.Policy.Host;

/// <summary>One entry met by a filesystem walk: its host path, type and ownership (symlinks are not followed).</summary>
/// <param name="Mode">Type and permission bits as stat(2) gives them.</param>
public readonly record struct WalkEntry(string Path, uint Mode, uint Uid, uint Gid)
{
    public bool IsDirectory => (Mode & 0xF000) == 0x4000;

    public bool IsRegularFile => (Mode & 0xF000) == 0x8000;
}

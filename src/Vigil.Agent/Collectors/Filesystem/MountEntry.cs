namespace Vigil.Agent.Collectors.Filesystem;

/// <summary>One line of /proc/PID/mountinfo, octal escapes (<c>\040</c> for a space) already undone.</summary>
/// <param name="MountPoint">Where it is mounted, as a path in the host's root.</param>
/// <param name="Device">The mount source (<c>/dev/vda1</c>, <c>tmpfs</c>, <c>server:/export</c>).</param>
/// <param name="MountOptions">Per-mount options (<c>rw,nosuid,relatime</c>).</param>
/// <param name="SuperOptions">Per-superblock options (<c>rw,discard,errors=remount-ro</c>).</param>
public sealed record MountEntry(string MountPoint, string Device, string FsType, string MountOptions, string SuperOptions)
{
    /// <summary>Read-only when either the mount or its superblock is.</summary>
    public bool ReadOnly => HasOption(MountOptions, "ro") || HasOption(SuperOptions, "ro");

    /// <summary>Mount options then the superblock options not already among them.</summary>
    public string AllOptions
    {
        get
        {
            var all = new List<string>(MountOptions.Split(',', StringSplitOptions.RemoveEmptyEntries));
            foreach (var option in SuperOptions.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!all.Contains(option))
                {
                    all.Add(option);
                }
            }
            return string.Join(',', all);
        }
    }

    private static bool HasOption(string options, string option)
    {
        foreach (var range in options.AsSpan().Split(','))
        {
            if (options.AsSpan()[range].SequenceEqual(option))
            {
                return true;
            }
        }
        return false;
    }
}

namespace Vigil.Agent.Collectors.Filesystem;

/// <summary>A mount the collector measures, with the path statvfs is called on and its attribute sets, built once per mount table.</summary>
internal sealed class MountTarget
{
    public MountTarget(MountEntry mount, string statPath)
    {
        Mount = mount;
        StatPath = statPath;
        Whole = Attributes(mount, null);
        Used = Attributes(mount, "used");
        Free = Attributes(mount, "free");
        Reserved = Attributes(mount, "reserved");
    }

    public MountEntry Mount { get; }
    /// <summary>The mount point resolved under the host root.</summary>
    public string StatPath { get; }
    public Dictionary<string, string> Whole { get; }
    public Dictionary<string, string> Used { get; }
    public Dictionary<string, string> Free { get; }
    public Dictionary<string, string> Reserved { get; }

    private static Dictionary<string, string> Attributes(MountEntry mount, string? state)
    {
        var tags = new Dictionary<string, string>(5, StringComparer.Ordinal)
        {
            ["system.device"] = mount.Device,
            ["system.filesystem.mountpoint"] = mount.MountPoint,
            ["system.filesystem.type"] = mount.FsType,
            ["system.filesystem.mode"] = mount.ReadOnly ? "ro" : "rw",
        };
        if (state is not null)
        {
            tags["system.filesystem.state"] = state;
        }
        return tags;
    }
}

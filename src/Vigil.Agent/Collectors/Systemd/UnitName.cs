namespace Vigil.Agent.Collectors.Systemd;

/// <summary>Pieces of a systemd unit name: <c>prefix@instance.type</c>; a template has an empty instance.</summary>
public static class UnitName
{
    private static readonly string[] Types =
        ["service", "socket", "timer", "target", "mount", "automount", "path", "slice", "scope", "swap", "device"];

    /// <summary>The unit type ("service", "timer"...), or null when the name is not a unit file name.</summary>
    public static string? TypeOf(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var suffix = name.AsSpan(dot + 1);
        foreach (var t in Types)
        {
            if (suffix.SequenceEqual(t))
            {
                return t;
            }
        }
        return null;
    }

    /// <summary>"foo@.service".</summary>
    public static bool IsTemplate(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 && at + 1 < name.Length && name[at + 1] == '.';
    }

    /// <summary>"foo@bar.service" → "foo@.service"; null when <paramref name="name"/> is not an instance.</summary>
    public static string? TemplateOf(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var dot = name.LastIndexOf('.');
        return at < 0 || dot <= at + 1 ? null : string.Concat(name.AsSpan(0, at + 1), name.AsSpan(dot));
    }

    /// <summary>
    /// The cgroup (relative to the cgroup2 root) systemd puts a system service in: system.slice/NAME, or for an
    /// instance system.slice/system-PREFIX.slice/NAME, with '-' in the prefix escaped as systemd escapes it.
    /// Units with a Slice= setting of their own live elsewhere and are not found here.
    /// </summary>
    public static string CgroupOf(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return "system.slice/" + name;
        }
        var prefix = name[..at].Replace("-", "\\x2d", StringComparison.Ordinal);
        return $"system.slice/system-{prefix}.slice/{name}";
    }
}

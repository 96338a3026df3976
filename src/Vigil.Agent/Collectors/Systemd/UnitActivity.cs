namespace Vigil.Agent.Collectors.Systemd;

/// <summary>
/// Tells whether a unit runs, from cgroup v2 alone, when systemd is PID 1. See <see cref="SystemdCollector"/> for
/// what this can and cannot tell.
/// </summary>
internal sealed class UnitActivity
{
    private readonly CollectionContext _context;
    private readonly bool _known;

    public UnitActivity(CollectionContext context)
    {
        _context = context;
        var pid1 = context.Files.ReadLineOrNull(context.Paths.InProc("1/comm"));
        if (pid1 != "systemd")
        {
            context.Unavailable("systemd", "systemd is not PID 1: unit activity unknown");
            return;
        }
        if (!File.Exists(context.Paths.InSys("fs/cgroup/cgroup.controllers")))
        {
            context.Unavailable("/sys/fs/cgroup", "not cgroup v2: unit activity unknown");
            return;
        }
        _known = true;
    }

    /// <returns>"active", "inactive" or "unknown".</returns>
    public string Of(string name, string type, string unitFileState)
    {
        if (!_known || type != "service" || unitFileState == UnitFileState.Alias)
        {
            return "unknown";
        }
        if (unitFileState == UnitFileState.Masked || UnitName.IsTemplate(name))
        {
            return "inactive";
        }
        var events = _context.Paths.InSys("fs/cgroup/" + UnitName.CgroupOf(name) + "/cgroup.events");
        if (!_context.Files.TryRead(events, out var text))
        {
            return "inactive"; // systemd removes a service's cgroup when it stops
        }
        foreach (var line in text.EnumerateLines())
        {
            if (line.StartsWith("populated "))
            {
                return line.EndsWith(" 1") ? "active" : "inactive";
            }
        }
        return "inactive";
    }
}

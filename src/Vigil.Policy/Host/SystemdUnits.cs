using Vigil.Agent.Collectors.Systemd;
using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Host;

/// <summary>
/// One systemd unit's state from the unit directories alone, the way systemctl decides without D-Bus:
/// <c>masked</c> (linked to /dev/null in /etc or /run), <c>enabled</c> (a link in a <c>.wants</c> or
/// <c>.requires</c> directory under /etc/systemd/system or /run/systemd/system), <c>disabled</c> (a unit file exists
/// but nothing links it), <c>absent</c>. Activity comes from cgroup v2 (<c>system.slice/UNIT/cgroup.events</c>)
/// and is only known when systemd is PID 1.
/// </summary>
public static class SystemdUnits
{
    private static readonly string[] UnitDirectories =
        ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

    private static readonly string[] LinkDirectories = ["/etc/systemd/system", "/run/systemd/system"];

    public static string FileState(EvaluationContext context, string unit)
    {
        string? found = null;
        foreach (var dir in UnitDirectories)
        {
            var hostPath = dir + "/" + unit;
            var path = context.Resolve(hostPath);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target && (target == "/dev/null" || target.EndsWith("/dev/null", StringComparison.Ordinal)))
            {
                return "masked";
            }
            if (info.Exists || info.LinkTarget is not null)
            {
                found = hostPath;
                break;
            }
        }
        if (found is null)
        {
            return "absent";
        }
        foreach (var dir in LinkDirectories)
        {
            foreach (var sub in PathGlob.ListNames(context, dir))
            {
                if ((sub.EndsWith(".wants", StringComparison.Ordinal) || sub.EndsWith(".requires", StringComparison.Ordinal))
                    && Path.Exists(context.Resolve($"{dir}/{sub}/{unit}")))
                {
                    return "enabled";
                }
            }
        }
        var text = context.ReadText(found).Text;
        return text is not null && !UnitInstallRules.Parse(text).HasRules ? "static" : "disabled";
    }

    /// <summary>"active", "inactive", or null when it cannot be known (systemd not PID 1, not cgroup v2, not a service).</summary>
    public static string? Activity(EvaluationContext context, string unit)
    {
        var pid1 = FileText.Read(context.Paths.InProc("1/comm"), 256).Text?.Trim();
        if (pid1 != "systemd" || !File.Exists(context.Paths.InSys("fs/cgroup/cgroup.controllers")) || UnitName.TypeOf(unit) != "service")
        {
            return null;
        }
        var events = FileText.Read(context.Paths.InSys("fs/cgroup/" + UnitName.CgroupOf(unit) + "/cgroup.events"), 4096).Text;
        return events is not null && events.Split('\n').Any(l => l.Trim() == "populated 1") ? "active" : "inactive";
    }
}

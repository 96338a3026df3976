using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Systemd;

/// <summary>
/// systemd units and their unit file state, read from the unit directories alone (no D-Bus, no systemctl), the
/// way systemctl list-unit-files decides: masked, enabled, enabled-runtime, disabled, static, indirect, alias.
/// Enabled template instances (getty@tty1.service) are listed too; other instances are not, since they exist only
/// at runtime.
/// <para>
/// Whether a unit is running is not in any file. When systemd is PID 1 on cgroup v2, a service counts as active
/// when its cgroup (system.slice/NAME) is populated, per cgroup.events, which also covers processes in child
/// cgroups. Limits: a oneshot service with RemainAfterExit=yes has no processes and shows inactive; a service with
/// its own Slice= is not found and shows inactive; other unit types and failed units cannot be told apart
/// without D-Bus and show "unknown". When systemd is not PID 1, every unit's activity is "unknown".
/// </para>
/// </summary>
public sealed class SystemdCollector : ICollector
{
    public const string CollectorName = "systemd";
    public const string Kind = "systemd_units";
    private const string Units = "system.linux.systemd.units";
    private const string Unknown = "unknown";

    /// <summary>systemd's unit search path for the system manager, highest precedence first.</summary>
    private static readonly string[] UnitDirectories =
        ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

    /// <summary>Where links enable units: persistently under /etc, until reboot under /run.</summary>
    private static readonly (string Directory, string State)[] ConfigDirectories =
        [("/etc/systemd/system", UnitFileState.Enabled), ("/run/systemd/system", UnitFileState.EnabledRuntime)];

    private readonly Dictionary<string, string>[] _stateTags;
    private Dictionary<string, (DateTime Mtime, long Size, UnitInstallRules Rules)> _rules = new(StringComparer.Ordinal);

    public SystemdCollector()
    {
        _stateTags = new Dictionary<string, string>[UnitFileState.All.Length];
        for (var i = 0; i < _stateTags.Length; i++)
        {
            _stateTags[i] = Tags.Of("state", UnitFileState.All[i]);
        }
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), Optional: true);

    public CollectorSchema Schema { get; } = new()
    {
        InventoryKinds = [Kind],
        Metrics =
        [
            MetricDescriptor.Gauge(Units, "{unit}", "systemd units by unit file state (enabled, disabled, static, masked, ...), enabled template instances included. No OpenTelemetry convention exists.", "state"),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var units = FindUnitFiles(context);
        var (enabled, instances) = FindEnablementLinks(context);
        var activity = new UnitActivity(context);
        var nextRules = new Dictionary<string, (DateTime, long, UnitInstallRules)>(_rules.Count, StringComparer.Ordinal);

        var items = new List<InventoryItem>(units.Count + instances.Count);
        foreach (var unit in units.Values)
        {
            string state;
            string? aliasOf = null;
            var target = unit.ResolvedTarget;
            if (target == "/dev/null" || (unit.LinkTarget is null && unit.Info is FileInfo { Length: 0 }))
            {
                state = UnitFileState.Masked;
            }
            else if (target is not null && Path.GetFileName(target) != unit.Name)
            {
                state = UnitFileState.Alias;
                aliasOf = Path.GetFileName(target);
            }
            else
            {
                // A regular file, or a link to a file of the same name elsewhere (systemctl link): its content decides.
                var contentPath = context.Paths.InRoot(target ?? unit.HostPath);
                state = enabled.TryGetValue(unit.Name, out var linked) ? linked : RulesOf(context, contentPath, nextRules).UnlinkedState;
            }
            var attrs = Attributes(unit.Type, state, activity.Of(unit.Name, unit.Type, state), unit.HostPath);
            if (aliasOf is not null)
            {
                attrs["alias_of"] = aliasOf;
            }
            items.Add(new InventoryItem { Key = unit.Name, Attributes = attrs });
        }
        foreach (var (instance, state) in instances)
        {
            // Only instances of a template that exists and is not masked are real units.
            if (units.ContainsKey(instance) || UnitName.TemplateOf(instance) is not { } template
                || !units.TryGetValue(template, out var t) || t.ResolvedTarget == "/dev/null")
            {
                continue;
            }
            items.Add(new InventoryItem { Key = instance, Attributes = Attributes(t.Type, state, activity.Of(instance, t.Type, state), t.HostPath) });
        }
        _rules = nextRules;

        items.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        context.Output.Inventory(Kind, items);
        WriteCounts(context, items);
        return ValueTask.CompletedTask;
    }

    private static Dictionary<string, string> Attributes(string type, string state, string active, string path) =>
        new(5, StringComparer.Ordinal)
        {
            ["type"] = type,
            ["unit_file_state"] = state,
            ["active"] = active,
            ["path"] = path,
        };

    private void WriteCounts(CollectionContext context, List<InventoryItem> items)
    {
        Span<int> counts = stackalloc int[UnitFileState.All.Length];
        foreach (var item in items)
        {
            var i = Array.IndexOf(UnitFileState.All, item.Attributes["unit_file_state"]);
            if (i >= 0)
            {
                counts[i]++;
            }
        }
        for (var i = 0; i < counts.Length; i++)
        {
            context.Output.Gauge(Units, counts[i], _stateTags[i]);
        }
    }

    /// <summary>Every unit name in the search path; the first directory that has a name wins, as in systemd.</summary>
    private static Dictionary<string, UnitFile> FindUnitFiles(CollectionContext context)
    {
        var units = new Dictionary<string, UnitFile>(StringComparer.Ordinal);
        foreach (var dir in UnitDirectories)
        {
            var fsDir = context.Paths.InRoot(dir);
            if (!Directory.Exists(fsDir))
            {
                continue;
            }
            foreach (var entry in new DirectoryInfo(fsDir).EnumerateFileSystemInfos())
            {
                if ((entry is DirectoryInfo && entry.LinkTarget is null) || UnitName.TypeOf(entry.Name) is not { } type || units.ContainsKey(entry.Name))
                {
                    continue;
                }
                units[entry.Name] = new UnitFile(entry.Name, type, dir + "/" + entry.Name, entry.LinkTarget, entry);
            }
        }
        return units;
    }

    /// <summary>
    /// Units enabled by links in .wants/, .requires/ and .upholds/ directories, or by alias links, under /etc and
    /// /run (links under /usr/lib are the vendor's static wiring and enable nothing). Also returns enabled instances.
    /// </summary>
    private static (Dictionary<string, string> Enabled, Dictionary<string, string> Instances) FindEnablementLinks(CollectionContext context)
    {
        var enabled = new Dictionary<string, string>(StringComparer.Ordinal);
        var instances = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (dir, state) in ConfigDirectories)
        {
            var fsDir = context.Paths.InRoot(dir);
            if (!Directory.Exists(fsDir))
            {
                continue;
            }
            foreach (var entry in new DirectoryInfo(fsDir).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo && entry.LinkTarget is null
                    && (entry.Name.EndsWith(".wants", StringComparison.Ordinal) || entry.Name.EndsWith(".requires", StringComparison.Ordinal) || entry.Name.EndsWith(".upholds", StringComparison.Ordinal)))
                {
                    foreach (var link in ((DirectoryInfo)entry).EnumerateFileSystemInfos())
                    {
                        if (link.LinkTarget is { } target && UnitName.TypeOf(link.Name) is not null)
                        {
                            enabled.TryAdd(Path.GetFileName(target), state);
                            enabled.TryAdd(link.Name, state);
                            if (UnitName.TemplateOf(link.Name) is not null && !UnitName.IsTemplate(link.Name))
                            {
                                instances.TryAdd(link.Name, state);
                            }
                        }
                    }
                }
                else if (entry.LinkTarget is { } target && target != "/dev/null" && Path.GetFileName(target) != entry.Name && UnitName.TypeOf(entry.Name) is not null)
                {
                    enabled.TryAdd(Path.GetFileName(target), state); // Alias= in [Install] was applied: the aliased unit is enabled
                }
            }
        }
        return (enabled, instances);
    }

    /// <summary>[Install] rules of a unit file, parsed again only when the file's size or modification time changed.</summary>
    private UnitInstallRules RulesOf(CollectionContext context, string path, Dictionary<string, (DateTime, long, UnitInstallRules)> next)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return default; // a dangling link: nothing to install
        }
        var (mtime, size) = (info.LastWriteTimeUtc, info.Length);
        if (!_rules.TryGetValue(path, out var cached) || cached.Mtime != mtime || cached.Size != size)
        {
            var rules = default(UnitInstallRules);
            try
            {
                if (context.Files.TryRead(path, out var text))
                {
                    rules = UnitInstallRules.Parse(text);
                }
            }
            catch (UnauthorizedAccessException)
            {
                // unreadable unit file: reported as static, which is what systemctl shows for units it cannot parse
            }
            cached = (mtime, size, rules);
        }
        next[path] = cached;
        return cached.Rules;
    }
}

using System.Globalization;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.KernelModules;

/// <summary>
/// Loaded kernel modules from /proc/modules, marked when modprobe.d blacklists them, plus the blacklisted modules
/// that are not loaded (a policy asks both "is cramfs disabled?" and "is a disabled module loaded anyway?").
/// </summary>
public sealed class KernelModulesCollector : ICollector
{
    public const string CollectorName = "kernel_modules";
    public const string Kind = "kernel_modules";
    private const string Loaded = "system.linux.kernel_modules.loaded";

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Inventory;

    public CollectorSchema Schema { get; } = new()
    {
        InventoryKinds = [Kind],
        Metrics = [MetricDescriptor.Gauge(Loaded, "{module}", "Kernel modules loaded (/proc/modules). Linux-specific, no OpenTelemetry convention.")],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var blacklisted = ReadBlacklist(context);
        List<LoadedModule>? loaded = null;
        if (context.Files.TryRead(context.Paths.InProc("modules"), out var text))
        {
            loaded = LoadedModule.ParseAll(text);
        }
        else
        {
            context.Unavailable("/proc/modules", "not present (kernel without loadable module support)");
        }

        var items = new List<InventoryItem>((loaded?.Count ?? 0) + blacklisted.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in loaded ?? [])
        {
            seen.Add(m.Name);
            items.Add(new InventoryItem
            {
                Key = m.Name,
                Attributes = new Dictionary<string, string>(6, StringComparer.Ordinal)
                {
                    ["size"] = m.Size.ToString(CultureInfo.InvariantCulture),
                    ["refcount"] = m.RefCount.ToString(CultureInfo.InvariantCulture),
                    ["state"] = m.State,
                    ["used_by"] = m.UsedBy,
                    ["blacklisted"] = blacklisted.Contains(m.Name) ? "true" : "false",
                    ["loaded"] = "true",
                },
            });
        }
        foreach (var name in blacklisted.Order(StringComparer.Ordinal))
        {
            if (!seen.Contains(name))
            {
                items.Add(new InventoryItem
                {
                    Key = name,
                    Attributes = new Dictionary<string, string>(2, StringComparer.Ordinal) { ["blacklisted"] = "true", ["loaded"] = "false" },
                });
            }
        }
        context.Output.Inventory(Kind, items);
        if (loaded is not null)
        {
            context.Output.Gauge(Loaded, loaded.Count);
        }
        return ValueTask.CompletedTask;
    }

    private static HashSet<string> ReadBlacklist(CollectionContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in ModprobeBlacklist.Directories)
        {
            var path = context.Paths.InRoot(dir);
            if (!Directory.Exists(path))
            {
                continue;
            }
            var files = Directory.GetFiles(path, "*.conf");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                // The same file name in a higher-precedence directory replaces this one (/etc overrides /lib).
                if (!seenFiles.Add(Path.GetFileName(file)))
                {
                    continue;
                }
                try
                {
                    if (context.Files.TryRead(file, out var text))
                    {
                        ModprobeBlacklist.ParseInto(text, names);
                    }
                }
                catch (UnauthorizedAccessException)
                {
                    context.Unavailable(dir, "permission denied");
                }
            }
        }
        return names;
    }
}

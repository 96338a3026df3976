using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Packages;

/// <summary>
/// Installed packages from the package manager's own database (read directly, never through dpkg-query or rpm).
/// The database is parsed again only when its modification time or size changed.
/// </summary>
public sealed class PackagesCollector : ICollector
{
    public const string CollectorName = "packages";
    public const string Kind = "packages";
    private const string InstalledCount = "system.linux.packages.installed";

    private readonly IReadOnlyList<IPackageSource> _sources;
    private (IPackageSource Source, DateTime Mtime, long Size)? _cachedFrom;
    private List<InventoryItem> _items = [];
    private int _installed;

    public PackagesCollector(IReadOnlyList<IPackageSource>? sources = null)
    {
        _sources = sources ?? [new DpkgStatusSource()];
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Inventory;

    public CollectorSchema Schema { get; } = new()
    {
        InventoryKinds = [Kind],
        Metrics =
        [
            MetricDescriptor.Gauge(InstalledCount, "{package}", "Packages fully installed according to the package manager. No OpenTelemetry convention exists."),
        ],
    };

    /// <summary>How many times the database was parsed; tests use it to see the cache work.</summary>
    public int Parses { get; private set; }

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        IPackageSource? source = null;
        FileInfo? database = null;
        foreach (var s in _sources)
        {
            var info = new FileInfo(context.Paths.InRoot(s.DatabasePath));
            if (info.Exists)
            {
                (source, database) = (s, info);
                break;
            }
        }
        if (source is null || database is null)
        {
            context.Unavailable("/var/lib/dpkg/status", "no supported package database (dpkg) on this host");
            return ValueTask.CompletedTask;
        }
        if (_cachedFrom is not { } cached || cached.Source != source || cached.Mtime != database.LastWriteTimeUtc || cached.Size != database.Length)
        {
            Load(context, source);
            _cachedFrom = (source, database.LastWriteTimeUtc, database.Length);
        }
        context.Output.Inventory(Kind, _items);
        context.Output.Gauge(InstalledCount, _installed);
        return ValueTask.CompletedTask;
    }

    private void Load(CollectionContext context, IPackageSource source)
    {
        var packages = source.Read(context);
        Parses++;
        var items = new List<InventoryItem>(packages.Count);
        var installed = 0;
        foreach (var p in packages)
        {
            items.Add(new InventoryItem
            {
                Key = $"{p.Name}:{p.Architecture}",
                Attributes = new Dictionary<string, string>(5, StringComparer.Ordinal)
                {
                    ["name"] = p.Name,
                    ["version"] = p.Version,
                    ["arch"] = p.Architecture,
                    ["source"] = p.Source,
                    ["status"] = p.Status,
                },
            });
            installed += p.Status == InstalledPackage.Installed ? 1 : 0;
        }
        _items = items;
        _installed = installed;
    }
}

namespace Vigil.Agent.Collectors.Conntrack;

/// <summary>
/// The netfilter connection-tracking table: how full it is (/proc/sys/net/netfilter/nf_conntrack_count and
/// nf_conntrack_max) and what it dropped (/proc/net/stat/nf_conntrack, summed over CPUs). A full table makes the
/// kernel drop new connections with no more than a rate-limited "table full" line in the kernel log, so the
/// entries/limit ratio is the figure to alert on.
/// </summary>
/// <remarks>
/// The files exist only while the nf_conntrack module is loaded (a firewall with stateful rules, Docker, Kubernetes);
/// without it the collector reports the source unavailable once and emits nothing. The count is that of the agent's
/// network namespace (the host's, for an agent on the host); the limit is system-wide.
/// </remarks>
public sealed class ConntrackCollector : ICollector
{
    public const string CollectorName = "conntrack";
    private const string Entries = "system.linux.net.conntrack.entries";
    private const string Limit = "system.linux.net.conntrack.limit";
    private const string Dropped = "system.linux.net.conntrack.dropped";
    private const string EarlyDropped = "system.linux.net.conntrack.early_dropped";
    private const string InsertFailed = "system.linux.net.conntrack.insert_failed";
    private static readonly string[] StatColumns = ["drop", "early_drop", "insert_failed"];
    private static readonly string[] StatMetrics = [Dropped, EarlyDropped, InsertFailed];

    private readonly ulong[] _sums = new ulong[StatColumns.Length];
    private readonly bool[] _found = new bool[StatColumns.Length];
    private string? _countPath;
    private string? _maxPath;
    private string? _statPath;
    private string? _statFallbackPath;

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Optional10s;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Entries, "{entry}", "Connections the netfilter connection tracker holds (nf_conntrack_count). Linux-specific, hence system.linux.*."),
            MetricDescriptor.Gauge(Limit, "{entry}", "Size limit of the connection-tracking table (nf_conntrack_max); when entries reach it new connections are dropped. Linux-specific."),
            MetricDescriptor.Counter(Dropped, "{packet}", "Packets dropped because no tracking entry could be made, typically a full table (stat drop, all CPUs). Linux-specific."),
            MetricDescriptor.Counter(EarlyDropped, "{entry}", "Unconfirmed entries evicted to make room in a full table (stat early_drop, all CPUs). Linux-specific."),
            MetricDescriptor.Counter(InsertFailed, "{packet}", "Packets whose new entry could not be inserted, e.g. a race on the same tuple (stat insert_failed, all CPUs). Linux-specific."),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        _countPath ??= context.Paths.InProc("sys/net/netfilter/nf_conntrack_count");
        _maxPath ??= context.Paths.InProc("sys/net/netfilter/nf_conntrack_max");
        _statPath ??= context.Paths.InProc("1/net/stat/nf_conntrack");
        _statFallbackPath ??= context.Paths.InProc("net/stat/nf_conntrack");

        var output = context.Output;
        if (!TryReadNumber(context, _countPath, out var entries))
        {
            context.Unavailable("/proc/sys/net/netfilter/nf_conntrack_count", "nf_conntrack is not loaded");
            return ValueTask.CompletedTask;
        }
        output.Gauge(Entries, entries);
        if (TryReadNumber(context, _maxPath, out var limit))
        {
            output.Gauge(Limit, limit);
        }
        if (context.Files.TryRead(_statPath, out var stat, out _) || context.Files.TryRead(_statFallbackPath, out stat, out _))
        {
            ConntrackStat.Sum(stat, StatColumns, _sums, _found);
            for (var i = 0; i < StatColumns.Length; i++)
            {
                if (_found[i])
                {
                    output.Counter(StatMetrics[i], _sums[i]);
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    private static bool TryReadNumber(CollectionContext context, string path, out ulong value)
    {
        value = 0;
        return context.Files.TryRead(path, out var text, out _)
            && ulong.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}

namespace Vigil.Server.Storage;

/// <summary>Time series per host: raw samples, 1-minute and 1-hour rollups, retention.</summary>
public interface IMetricStore
{
    /// <summary>Null when the host has no series of the metric (or the host is unknown).</summary>
    Task<SeriesResult?> QueryAsync(SeriesQuery query, CancellationToken cancellationToken);
    Task<IReadOnlyList<MetricInfo>> ListMetricsAsync(string agentId, CancellationToken cancellationToken);
    /// <summary>
    /// The newest value of each series of each named metric (for fleet tables and host headers), keyed by metric name,
    /// then by the series' attributes rendered as "k=v,k=v" (empty string for no attributes).
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> LatestAsync(string agentId, IReadOnlyList<string> metrics, CancellationToken cancellationToken);
    /// <summary>
    /// Rolls raw frames committed since the last pass into the 1m and 1h tiers (late data merges correctly), then applies
    /// retention. Run it about once a minute: a rollup tier also answers from raw frames not rolled up yet, but those
    /// cost more to read.
    /// </summary>
    Task<MaintenanceReport> MaintainAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken);
}

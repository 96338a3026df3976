namespace Vigil.Server.Storage;

/// <summary>
/// Everything the server persists, as one unit opened on one data source. Callers see only these interfaces, so the
/// embedded SQLite store and a PostgreSQL store are interchangeable.
/// </summary>
public interface IServerStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
    ITokenStore Tokens { get; }
    IAgentStore Agents { get; }
    IIngestStore Ingest { get; }
    IMetricStore Metrics { get; }
    IHostStateStore Hosts { get; }
    IEventStore Events { get; }
    IAnomalyStore Anomalies { get; }
    IComplianceStore Compliance { get; }
    /// <summary>A short description for logs and /healthz, e.g. "sqlite /var/lib/vigil/vigil.db".</summary>
    string Description { get; }
}

namespace Vigil.Server.Storage;

/// <summary>
/// The anomalies agents reported, one entry per anomaly in its latest state. Written by <see cref="IIngestStore"/> in
/// the batch's transaction (so the (agent, sequence) dedupe covers them); read here.
/// </summary>
public interface IAnomalyStore
{
    /// <summary>Open anomalies first (newest first), then closed ones by when they started, newest first.</summary>
    Task<IReadOnlyList<StoredAnomaly>> QueryAsync(AnomalyQuery query, CancellationToken cancellationToken);
}

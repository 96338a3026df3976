namespace Vigil.Server.Storage;

/// <summary>
/// The write path. <see cref="CommitAsync"/> completes only after the batch is durable (the transaction holding it
/// committed), which is when the server may acknowledge it. Implementations group concurrent batches into one
/// transaction (group commit): that, not a faster disk, is what lets one server take thousands of agents.
/// </summary>
public interface IIngestStore
{
    /// <summary>
    /// Atomically: dedupes on (agent, sequence); stores metrics, inventory (latest + change history), identity (latest +
    /// history), health (latest per source), drift and anomalies (latest state per anomaly); appends the batch's events; advances the agent's last sequence
    /// and last-seen time (clearing silence). Nothing of a batch is visible unless all of it is.
    /// </summary>
    Task<IngestResult> CommitAsync(IngestBatch batch, CancellationToken cancellationToken);
}

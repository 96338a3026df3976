namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteIngestStore(SqliteServerStore store) : IIngestStore
{
    public Task<IngestResult> CommitAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batch.AgentId, nameof(batch.AgentId));
        ArgumentNullException.ThrowIfNull(batch.Batch, nameof(batch.Batch));
        ArgumentNullException.ThrowIfNull(batch.Batch.Records, nameof(batch.Batch.Records));
        return store.Writer.CommitAsync(batch, cancellationToken);
    }
}

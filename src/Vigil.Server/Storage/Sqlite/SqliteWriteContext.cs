using Microsoft.Data.Sqlite;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>What write work sees: the writer connection, inside an open transaction, and the writer's caches.</summary>
internal sealed class SqliteWriteContext(SqliteConnection connection, SqliteIngestWriter ingest)
{
    public SqliteConnection Connection { get; } = connection;

    /// <summary>Drops the writer's cached state of an agent whose row this work changes; it is read again on next use.</summary>
    public void ForgetAgent(string agentId) => ingest.ForgetAgent(agentId);
}

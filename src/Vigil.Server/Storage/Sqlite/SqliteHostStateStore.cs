using System.Text;
using Vigil.Protocol;

namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteHostStateStore(SqliteServerStore store) : IHostStateStore
{
    public Task<IdentityRecord?> GetIdentityAsync(string agentId, CancellationToken cancellationToken) =>
        store.ReadAsync(c =>
        {
            var json = (string?)c.Scalar("SELECT record_json FROM identity WHERE agent_id = $1", agentId);
            return json is null ? null : StorageJson.ParseIdentity(json);
        }, cancellationToken);

    public Task<IReadOnlyList<ComponentHealth>> GetHealthAsync(string agentId, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<ComponentHealth>>(c => c.Query(
            "SELECT source, status, reason, message, since_ms FROM health WHERE agent_id = $1 ORDER BY source",
            r => new ComponentHealth(r.GetString(0), SqliteEnums.Health(r.GetString(1)), r.GetString(2), r.GetString(3), r.Time(4)),
            agentId), cancellationToken);

    public Task<IReadOnlyList<string>> ListInventoryKindsAsync(string agentId, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<string>>(c => c.Query("SELECT kind FROM inventory WHERE agent_id = $1 ORDER BY kind", r => r.GetString(0), agentId), cancellationToken);

    public Task<InventorySnapshot?> GetInventoryAsync(string agentId, string kind, CancellationToken cancellationToken) =>
        store.ReadAsync(c => c.Query(
            "SELECT observed_ms, items_json FROM inventory WHERE agent_id = $1 AND kind = $2",
            r => new InventorySnapshot(kind, r.Time(0), StorageJson.ParseItems(r.GetString(1))),
            agentId, kind).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<InventoryChange>> GetHistoryAsync(string agentId, string? kind, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        CheckLimit(limit);
        var sql = new StringBuilder("SELECT kind, item_key, change, before_json, after_json, observed_ms FROM inventory_changes WHERE agent_id = $1");
        sql.Append(kind is null ? " AND $2 IS NULL" : " AND kind = $2");
        sql.Append(" AND observed_ms >= $3 ORDER BY observed_ms DESC, id DESC LIMIT $4");
        return store.ReadAsync<IReadOnlyList<InventoryChange>>(c => c.Query(
            sql.ToString(),
            r => new InventoryChange
            {
                Kind = r.GetString(0),
                Key = r.GetString(1),
                Change = r.GetString(2),
                Before = StorageJson.ParseOptionalMap(r.NullableString(3)),
                After = StorageJson.ParseOptionalMap(r.NullableString(4)),
                ObservedAt = r.Time(5),
            },
            agentId, kind, since?.Ms() ?? long.MinValue, limit), cancellationToken);
    }

    public Task<IReadOnlyList<StoredDrift>> GetDriftAsync(string agentId, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        CheckLimit(limit);
        return store.ReadAsync<IReadOnlyList<StoredDrift>>(c => c.Query(
            """
            SELECT path, change, before_json, after_json, observed_ms FROM drift
            WHERE agent_id = $1 AND observed_ms >= $2 ORDER BY observed_ms DESC, id DESC LIMIT $3
            """,
            r => new StoredDrift(r.GetString(0), SqliteEnums.Parse<DriftChange>(r.GetString(1)), StorageJson.ParseFingerprint(r.NullableString(2)), StorageJson.ParseFingerprint(r.NullableString(3)), r.Time(4)),
            agentId, since?.Ms() ?? long.MinValue, limit), cancellationToken);
    }

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be between 1 and 100000");
        }
    }
}

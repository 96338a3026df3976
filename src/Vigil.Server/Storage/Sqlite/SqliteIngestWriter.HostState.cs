using Vigil.Protocol;
using Vigil.Server.Storage.HostState;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>Host state of a batch: inventory and identity (latest and history), health per source, drift.</summary>
internal sealed partial class SqliteIngestWriter
{
    private void StoreInventory(string agentId, long sequence, InventoryRecord record, List<VigilEvent> events)
    {
        if (string.IsNullOrEmpty(record.Kind) || record.Items is null)
        {
            throw new ArgumentException($"an inventory record from collector '{record.Source}' of {agentId} has no kind or no items");
        }
        var observed = DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampUnixMs);
        var json = StorageJson.Items(record.Items);
        if (InventoryHistoryPolicy.KeepsHistory(record.Kind))
        {
            var previous = (string?)_connection.Scalar("SELECT items_json FROM inventory WHERE agent_id = $1 AND kind = $2", agentId, record.Kind);
            // The first snapshot of a kind is the baseline, not a change; an identical one (a periodic refresh) changes nothing.
            if (previous is not null && previous != json)
            {
                var changes = InventoryDiff.Compare(record.Kind, StorageJson.ParseItems(previous), record.Items, observed, InventoryHistoryPolicy.VolatileAttributes(record.Kind));
                StoreChanges(agentId, sequence, record.Kind, changes, observed, events);
            }
        }
        _connection.Execute(
            """
            INSERT INTO inventory (agent_id, kind, observed_ms, items_json) VALUES ($1, $2, $3, $4)
            ON CONFLICT (agent_id, kind) DO UPDATE SET observed_ms = excluded.observed_ms, items_json = excluded.items_json
            """,
            agentId, record.Kind, observed.Ms(), json);
    }

    private void StoreIdentity(string agentId, long sequence, IdentityRecord record, List<VigilEvent> events)
    {
        var observed = DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampUnixMs);
        var previous = (string?)_connection.Scalar("SELECT record_json FROM identity WHERE agent_id = $1", agentId);
        if (previous is not null)
        {
            var changes = IdentityDiff.Compare(StorageJson.ParseIdentity(previous), record, observed);
            StoreChanges(agentId, sequence, InventoryChangeKinds.IdentityKind, changes, observed, events);
        }
        _connection.Execute(
            """
            INSERT INTO identity (agent_id, observed_ms, record_json) VALUES ($1, $2, $3)
            ON CONFLICT (agent_id) DO UPDATE SET observed_ms = excluded.observed_ms, record_json = excluded.record_json
            """,
            agentId, observed.Ms(), StorageJson.Identity(record));
        if (!string.IsNullOrEmpty(record.Hostname))
        {
            // FindAsync resolves hostnames: follow a renamed host.
            _connection.Execute(
                """
                UPDATE agents SET hostname = $2, machine_id = COALESCE($3, machine_id)
                WHERE id = $1 AND (hostname <> $2 OR ($3 IS NOT NULL AND machine_id IS NOT $3))
                """,
                agentId, record.Hostname, record.MachineId);
        }
    }

    private void StoreChanges(string agentId, long sequence, string kind, IReadOnlyList<InventoryChange> changes, DateTimeOffset observed, List<VigilEvent> events)
    {
        if (changes.Count == 0)
        {
            return;
        }
        foreach (var change in changes)
        {
            _insertChange.Bind(agentId, kind, change.Key, change.Change, StorageJson.OptionalMap(change.Before), StorageJson.OptionalMap(change.After), observed.Ms()).ExecuteNonQuery();
        }
        events.Add(ChangeEvents.InventoryChanged(agentId, sequence, kind, changes, observed));
    }

    private void StoreHealth(string agentId, HealthRecord record)
    {
        var status = SqliteEnums.Name(record.Status);
        using (var query = _connection.Command("SELECT status, since_ms FROM health WHERE agent_id = $1 AND source = $2", agentId, record.Source))
        using (var reader = query.ExecuteReader())
        {
            if (reader.Read())
            {
                var sinceMs = reader.GetInt64(1);
                if (record.TimestampUnixMs < sinceMs)
                {
                    return;
                }
                if (reader.GetString(0) == status)
                {
                    // Same status again (e.g. an agent restart re-reports): still the same stretch of it.
                    _connection.Execute("UPDATE health SET reason = $3, message = $4 WHERE agent_id = $1 AND source = $2", agentId, record.Source, record.Reason ?? "", record.Message ?? "");
                    return;
                }
            }
        }
        _connection.Execute(
            """
            INSERT INTO health (agent_id, source, status, reason, message, since_ms) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (agent_id, source) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                message = excluded.message, since_ms = excluded.since_ms
            """,
            agentId, record.Source, status, record.Reason ?? "", record.Message ?? "", record.TimestampUnixMs);
    }

    private void StoreDrift(string agentId, DriftRecord record)
    {
        _connection.Execute(
            "INSERT INTO drift (agent_id, path, change, before_json, after_json, observed_ms) VALUES ($1, $2, $3, $4, $5, $6)",
            agentId, record.Path, SqliteEnums.Name(record.Change), StorageJson.Fingerprint(record.Before), StorageJson.Fingerprint(record.After), record.TimestampUnixMs);
    }
}

using Microsoft.Data.Sqlite;
using Vigil.Protocol;
using Vigil.Server.Storage.HostState;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// Writes one batch inside the writer's open transaction. Its caches (agent state, series dictionaries) change as
/// it writes; <see cref="RolledBack"/> forgets what a failed transaction touched so it is read again from the
/// database, and <see cref="Committed"/> publishes the new latest values. Writer thread only.
/// </summary>
internal sealed class SqliteIngestWriter : IDisposable
{
    private const int DefaultIntervalMs = 10_000;

    private readonly SqliteConnection _connection;
    private readonly LatestValues _latest;
    private readonly SeriesCatalog _catalog = new();
    private readonly Dictionary<string, AgentState> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly List<(string AgentId, FrameSample[] Samples)> _published = [];
    private readonly List<FrameSample> _samples = [];
    private readonly SqliteCommand _agentState;
    private readonly SqliteCommand _batchExists;
    private readonly SqliteCommand _insertBatch;
    private readonly SqliteCommand _updateAgent;
    private readonly SqliteCommand _loadSeries;
    private readonly SqliteCommand _insertSeries;
    private readonly SqliteCommand _insertFrame;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertChange;

    public SqliteIngestWriter(SqliteConnection connection, LatestValues latest)
    {
        _connection = connection;
        _latest = latest;
        _agentState = connection.Prepare("SELECT last_seq, revoked_ms IS NOT NULL, silent, last_seen_ms FROM agents WHERE id = $1", 1);
        _batchExists = connection.Prepare("SELECT 1 FROM batches WHERE agent_id = $1 AND seq = $2", 2);
        _insertBatch = connection.Prepare("INSERT INTO batches (agent_id, seq, received_ms, records, wire_bytes) VALUES ($1, $2, $3, $4, $5)", 5);
        _updateAgent = connection.Prepare("UPDATE agents SET last_seq = $2, last_seen_ms = $3, interval_ms = $4, silent = 0 WHERE id = $1", 4);
        _loadSeries = connection.Prepare("SELECT idx, name, attrs_json FROM series WHERE agent_id = $1", 1);
        _insertSeries = connection.Prepare("INSERT INTO series (agent_id, idx, name, unit, kind, attrs_json) VALUES ($1, $2, $3, $4, $5, $6)", 6);
        _insertFrame = connection.Prepare("INSERT INTO frames_raw (agent_id, t0_ms, t1_ms, blob) VALUES ($1, $2, $3, $4)", 4);
        _insertEvent = connection.Prepare(SqliteEventRows.Insert, SqliteEventRows.InsertParameters);
        _insertChange = connection.Prepare(
            "INSERT INTO inventory_changes (agent_id, kind, item_key, change, before_json, after_json, observed_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)", 7);
    }

    /// <summary>Decides and, when new, writes one batch. Throws when the batch cannot be stored; the caller rolls back.</summary>
    public IngestResult Apply(IngestBatch ingest)
    {
        var agentId = ingest.AgentId;
        var batch = ingest.Batch;
        var state = State(agentId);
        if (state is null || state.Revoked)
        {
            return IngestResult.Of(IngestStatus.Refused, state?.LastSequence ?? 0);
        }
        var sequence = batch.Sequence;
        if (sequence <= state.LastSequence)
        {
            var stored = _batchExists.Bind(agentId, sequence).ExecuteScalar() is not null;
            return IngestResult.Of(stored ? IngestStatus.Duplicate : IngestStatus.OutOfOrder, state.LastSequence);
        }

        _touched.Add(agentId);
        var receivedMs = ingest.ReceivedAt.Ms();
        _insertBatch.Bind(agentId, sequence, receivedMs, batch.Records.Count, ingest.WireBytes).ExecuteNonQuery();
        var changes = new List<VigilEvent>();
        if (state.Silent)
        {
            changes.Add(ChangeEvents.HostReturned(agentId, sequence, LastSeen(state), ingest.ReceivedAt));
        }
        _samples.Clear();
        foreach (var record in batch.Records)
        {
            switch (record)
            {
                case MetricsRecord metrics:
                    CollectSamples(agentId, metrics);
                    break;
                case InventoryRecord inventory:
                    StoreInventory(agentId, sequence, inventory, changes);
                    break;
                case IdentityRecord identity:
                    StoreIdentity(agentId, sequence, identity, changes);
                    break;
                case HealthRecord health:
                    StoreHealth(agentId, health);
                    break;
                case DriftRecord drift:
                    StoreDrift(agentId, drift);
                    break;
                case null:
                    throw new ArgumentException($"batch {sequence} of {agentId} holds a null record");
                default:
                    throw new ArgumentException($"batch {sequence} of {agentId} holds a record of unknown kind {record.GetType().Name}");
            }
        }
        foreach (var frame in FramePartition.Split(_samples))
        {
            _insertFrame.Bind(agentId, frame.FirstMs, frame.LastMs, FrameCodec.Encode(frame.Samples)).ExecuteNonQuery();
            _published.Add((agentId, frame.Samples));
        }
        foreach (var change in changes)
        {
            SqliteEventRows.Bind(_insertEvent, change).ExecuteNonQuery();
        }
        foreach (var e in ingest.Events)
        {
            SqliteEventRows.Bind(_insertEvent, e).ExecuteNonQuery();
        }
        var interval = batch.IntervalMs is > 0 and var ms ? ms : DefaultIntervalMs;
        _updateAgent.Bind(agentId, sequence, receivedMs, interval).ExecuteNonQuery();
        _agents[agentId] = new AgentState(sequence, Revoked: false, Silent: false, receivedMs);
        return new IngestResult(IngestStatus.Stored, sequence, changes);
    }

    /// <summary>The transaction committed: publish the latest values it wrote.</summary>
    public void Committed()
    {
        foreach (var (agentId, samples) in _published)
        {
            _latest.For(agentId).Observe(samples);
        }
        _published.Clear();
        _touched.Clear();
    }

    /// <summary>The transaction rolled back: forget cached state it may have changed.</summary>
    public void RolledBack()
    {
        foreach (var agentId in _touched)
        {
            ForgetAgent(agentId);
            _catalog.Forget(agentId);
        }
        _published.Clear();
        _touched.Clear();
    }

    public void ForgetAgent(string agentId) => _agents.Remove(agentId);

    public void Dispose()
    {
        foreach (var command in (SqliteCommand[])[_agentState, _batchExists, _insertBatch, _updateAgent, _loadSeries, _insertSeries, _insertFrame, _insertEvent, _insertChange])
        {
            command.Dispose();
        }
    }

    private AgentState? State(string agentId)
    {
        if (_agents.TryGetValue(agentId, out var state))
        {
            return state;
        }
        using var reader = _agentState.Bind(agentId).ExecuteReader();
        if (!reader.Read())
        {
            // Unknown agents are not cached: enrollment may create them any moment.
            return null;
        }
        state = new AgentState(reader.GetInt64(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.NullableInt64(3));
        _agents[agentId] = state;
        return state;
    }

    private static DateTimeOffset? LastSeen(AgentState state) =>
        state.LastSeenMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private void CollectSamples(string agentId, MetricsRecord record)
    {
        HostSeries? series = null;
        foreach (var metric in record.Metrics)
        {
            if (string.IsNullOrEmpty(metric?.Name))
            {
                throw new ArgumentException($"a metric from collector '{record.Source}' of {agentId} has no name");
            }
            if (!StoredMetric.TryGetValue(metric, out var value))
            {
                continue;
            }
            series ??= _catalog.Get(agentId, LoadSeries);
            var identity = SeriesIdentity.Hash(metric.Name, metric.Attributes);
            if (!series.TryGet(identity, out var index))
            {
                index = series.NextIndex;
                _insertSeries.Bind(agentId, index, metric.Name, metric.Unit ?? "", StoredMetric.KindName(metric.Kind), StorageJson.Map(metric.Attributes)).ExecuteNonQuery();
                series.Add(identity, index);
            }
            _samples.Add(new FrameSample(index, record.TimestampUnixMs, value));
        }
    }

    private HostSeries LoadSeries(string agentId)
    {
        var series = new HostSeries();
        using var reader = _loadSeries.Bind(agentId).ExecuteReader();
        while (reader.Read())
        {
            series.Add(SeriesIdentity.Hash(reader.GetString(1), StorageJson.ParseMap(reader.GetString(2))), reader.GetInt32(0));
        }
        return series;
    }

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

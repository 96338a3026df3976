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
internal sealed partial class SqliteIngestWriter : IDisposable
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
    private readonly SqliteCommand _selectAnomaly;
    private readonly SqliteCommand _upsertAnomaly;

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
        _selectAnomaly = connection.Prepare(SqliteAnomalyRows.Select, 2);
        _upsertAnomaly = connection.Prepare(SqliteAnomalyRows.Upsert, SqliteAnomalyRows.UpsertParameters);
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
                case AnomalyRecord anomaly:
                    StoreAnomaly(agentId, anomaly);
                    break;
                case ComplianceRecord compliance:
                    StoreCompliance(agentId, sequence, compliance, ingest.ReceivedAt, changes);
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
        foreach (var command in (SqliteCommand[])[_agentState, _batchExists, _insertBatch, _updateAgent, _loadSeries, _insertSeries, _insertFrame, _insertEvent, _insertChange, _selectAnomaly, _upsertAnomaly])
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
}

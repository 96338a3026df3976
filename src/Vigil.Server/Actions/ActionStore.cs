using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Protocol.Actions;
using Vigil.Server.Storage.Sqlite;

namespace Vigil.Server.Actions;

/// <summary>
/// Actions, their per-host deliveries and saved groups, in <c>actions.db</c> in the data folder (apart from the
/// telemetry store: its own schema, its own retention). One connection, serialized: an action is a few rows, and the
/// state changes that matter (queued → delivered exactly once; delivered → final exactly once) are single guarded
/// UPDATEs, so a delivery can be handed out and answered only once even with concurrent polls.
/// </summary>
public sealed class ActionStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS actions (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, parameters TEXT NOT NULL, privileged INTEGER NOT NULL,
            targeting TEXT NOT NULL, requested_by TEXT NOT NULL, requested_by_name TEXT NOT NULL, requested_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL, concurrency INTEGER NOT NULL, state TEXT NOT NULL,
            decided_by TEXT, decided_by_name TEXT, decided_at INTEGER, reason TEXT);
        CREATE INDEX IF NOT EXISTS actions_requested ON actions(requested_at);
        CREATE TABLE IF NOT EXISTS deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT, action_id TEXT NOT NULL, agent_id TEXT NOT NULL, hostname TEXT NOT NULL,
            state TEXT NOT NULL, expires_at INTEGER NOT NULL, payload BLOB, signature BLOB, key_id TEXT,
            queued_at INTEGER, delivered_at INTEGER, finished_at INTEGER, code TEXT, error TEXT, output TEXT, redactions INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS deliveries_agent ON deliveries(agent_id, state);
        CREATE INDEX IF NOT EXISTS deliveries_action ON deliveries(action_id, state);
        CREATE INDEX IF NOT EXISTS deliveries_open ON deliveries(state, expires_at);
        CREATE TABLE IF NOT EXISTS groups (name TEXT PRIMARY KEY, selector TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL);
        """;

    private const string ActionColumns = "id, name, parameters, privileged, targeting, requested_by, requested_by_name, requested_at, expires_at, concurrency, state, decided_by, decided_by_name, decided_at, reason";
    private const string DeliveryColumns = "id, action_id, agent_id, hostname, state, queued_at, delivered_at, finished_at, code, error, output, redactions";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private ActionStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    public string Path { get; }

    public static ActionStore Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        try
        {
            connection.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;");
            connection.Execute(Schema);
            return new ActionStore(connection, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Create(StoredAction action, IReadOnlyList<(string AgentId, string Hostname)> targets)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            _connection.Execute($"INSERT INTO actions ({ActionColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                action.Id, action.Name, JsonSerializer.Serialize(action.Parameters, ActionStoreJson.Default.IReadOnlyDictionaryStringString), action.Privileged ? 1 : 0,
                action.Targeting, action.RequestedBy, action.RequestedByName, action.RequestedAt.Ms(), action.ExpiresAt.Ms(), action.Concurrency, action.State,
                action.DecidedBy, action.DecidedByName, action.DecidedAt.Ms(), action.Reason);
            using var insert = _connection.Prepare("INSERT INTO deliveries (action_id, agent_id, hostname, state, expires_at) VALUES ($1, $2, $3, $4, $5)", 5);
            foreach (var (agentId, hostname) in targets)
            {
                insert.Bind(action.Id, agentId, hostname, DeliveryStates.Waiting, action.ExpiresAt.Ms()).ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public StoredAction? Get(string id)
    {
        lock (_gate)
        {
            return _connection.Query($"SELECT {ActionColumns} FROM actions WHERE id = $1", MapAction, id).FirstOrDefault();
        }
    }

    public IReadOnlyList<StoredAction> List(int limit)
    {
        lock (_gate)
        {
            return _connection.Query($"SELECT {ActionColumns} FROM actions ORDER BY requested_at DESC, id LIMIT $1", MapAction, limit);
        }
    }

    public IReadOnlyList<StoredDelivery> Deliveries(string actionId)
    {
        lock (_gate)
        {
            return _connection.Query($"SELECT {DeliveryColumns} FROM deliveries WHERE action_id = $1 ORDER BY id", MapDelivery, actionId);
        }
    }

    /// <summary>Counts of deliveries by state for each of <paramref name="actionIds"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts(IReadOnlyList<string> actionIds)
    {
        lock (_gate)
        {
            var counts = actionIds.ToDictionary(id => id, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
            foreach (var id in actionIds)
            {
                foreach (var (state, n) in _connection.Query("SELECT state, COUNT(*) FROM deliveries WHERE action_id = $1 GROUP BY state", r => (r.GetString(0), r.GetInt32(1)), id))
                {
                    counts[id][state] = n;
                }
            }
            return counts.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>Moves the action from <paramref name="from"/> to <paramref name="to"/>; false when it was not in <paramref name="from"/> (someone decided first).</summary>
    public bool Decide(string id, string from, string to, Caller? by, DateTimeOffset at, string? reason)
    {
        lock (_gate)
        {
            return _connection.Execute("UPDATE actions SET state = $1, decided_by = $2, decided_by_name = $3, decided_at = $4, reason = $5 WHERE id = $6 AND state = $7",
                to, by?.TokenId, by?.Name, at.Ms(), reason, id, from) == 1;
        }
    }

    /// <summary>Signs (through <paramref name="sign"/>) and queues waiting deliveries while fewer than the action's concurrency are in flight; returns the agents that got one.</summary>
    public IReadOnlyList<string> Promote(string actionId, int concurrency, DateTimeOffset now, Func<StoredDelivery, (byte[] Payload, byte[] Signature, string KeyId)> sign)
    {
        lock (_gate)
        {
            var inFlight = Convert.ToInt32(_connection.Scalar("SELECT COUNT(*) FROM deliveries WHERE action_id = $1 AND state IN ('queued', 'delivered')", actionId), System.Globalization.CultureInfo.InvariantCulture);
            var free = concurrency - inFlight;
            if (free <= 0)
            {
                return [];
            }
            var waiting = _connection.Query($"SELECT {DeliveryColumns} FROM deliveries WHERE action_id = $1 AND state = 'waiting' AND expires_at > $2 ORDER BY id LIMIT $3", MapDelivery, actionId, now.Ms(), free);
            using var transaction = Begin();
            foreach (var delivery in waiting)
            {
                var (payload, signature, keyId) = sign(delivery);
                _connection.Execute("UPDATE deliveries SET state = 'queued', payload = $1, signature = $2, key_id = $3, queued_at = $4 WHERE id = $5 AND state = 'waiting'",
                    payload, signature, keyId, now.Ms(), delivery.Id);
            }
            transaction.Commit();
            return waiting.Select(d => d.AgentId).ToList();
        }
    }

    public bool HasQueued(string agentId)
    {
        lock (_gate)
        {
            return _connection.Scalar("SELECT 1 FROM deliveries WHERE agent_id = $1 AND state = 'queued' LIMIT 1", agentId) is not null;
        }
    }

    /// <summary>Hands out the agent's queued deliveries and marks them delivered in the same transaction: each one leaves once.</summary>
    public IReadOnlyList<ActionEnvelope> TakeQueued(string agentId, DateTimeOffset now, int limit)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            var rows = _connection.Query("SELECT id, payload, signature, key_id FROM deliveries WHERE agent_id = $1 AND state = 'queued' AND expires_at > $2 ORDER BY id LIMIT $3",
                r => new ActionEnvelope
                {
                    DeliveryId = r.GetInt64(0),
                    Payload = r.IsDBNull(1) ? [] : (byte[])r.GetValue(1),
                    Signature = r.IsDBNull(2) ? null : (byte[])r.GetValue(2),
                    KeyId = r.NullableString(3),
                }, agentId, now.Ms(), limit);
            foreach (var row in rows)
            {
                _connection.Execute("UPDATE deliveries SET state = 'delivered', delivered_at = $1 WHERE id = $2 AND state = 'queued'", now.Ms(), row.DeliveryId);
            }
            transaction.Commit();
            return rows;
        }
    }

    /// <summary>Stores a host's answer for a delivery it holds; null when the delivery is not the agent's or was already answered or expired.</summary>
    public StoredDelivery? Finish(long deliveryId, string agentId, string state, string? code, string? error, string? output, long redactions, DateTimeOffset at)
    {
        lock (_gate)
        {
            var changed = _connection.Execute("UPDATE deliveries SET state = $1, code = $2, error = $3, output = $4, redactions = $5, finished_at = $6 WHERE id = $7 AND agent_id = $8 AND state = 'delivered'",
                state, code, error, output, redactions, at.Ms(), deliveryId, agentId);
            return changed == 1 ? _connection.Query($"SELECT {DeliveryColumns} FROM deliveries WHERE id = $1", MapDelivery, deliveryId).FirstOrDefault() : null;
        }
    }

    /// <summary>Every open delivery whose action expired by <paramref name="now"/>, now marked expired, with the state it was in.</summary>
    public IReadOnlyList<(StoredDelivery Delivery, string WasState)> ExpireDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            var due = _connection.Query($"SELECT {DeliveryColumns} FROM deliveries WHERE state IN ('waiting', 'queued', 'delivered') AND expires_at <= $1 ORDER BY id LIMIT 10000", MapDelivery, now.Ms());
            if (due.Count == 0)
            {
                return [];
            }
            using var transaction = Begin();
            foreach (var d in due)
            {
                var why = d.State switch
                {
                    DeliveryStates.Delivered => "the host received the action but sent no result before it expired",
                    DeliveryStates.Queued => "the host did not connect to take the action before it expired",
                    _ => "the action expired before a slot freed up for this host",
                };
                _connection.Execute("UPDATE deliveries SET state = 'expired', code = 'expired', error = $1, finished_at = $2 WHERE id = $3", why, now.Ms(), d.Id);
            }
            transaction.Commit();
            return due.Select(d => (d, d.State)).ToList();
        }
    }

    public int Cancel(string actionId, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _connection.Execute("UPDATE deliveries SET state = 'cancelled', finished_at = $1 WHERE action_id = $2 AND state = 'waiting'", now.Ms(), actionId);
        }
    }

    /// <summary>Marks a running action done once none of its deliveries is open; true when this call did it.</summary>
    public bool CompleteIfFinished(string actionId, DateTimeOffset now)
    {
        lock (_gate)
        {
            var open = _connection.Scalar("SELECT 1 FROM deliveries WHERE action_id = $1 AND state IN ('waiting', 'queued', 'delivered') LIMIT 1", actionId);
            return open is null && _connection.Execute("UPDATE actions SET state = 'done', reason = COALESCE(reason, $2) WHERE id = $1 AND state = 'running'", actionId, $"finished {now:u}") == 1;
        }
    }

    public void SaveGroup(string name, string selector, string createdBy, DateTimeOffset at)
    {
        lock (_gate)
        {
            _connection.Execute("INSERT INTO groups (name, selector, created_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT(name) DO UPDATE SET selector = excluded.selector, created_by = excluded.created_by, created_at = excluded.created_at",
                name, selector, createdBy, at.Ms());
        }
    }

    public string? GroupSelector(string name)
    {
        lock (_gate)
        {
            return _connection.Scalar("SELECT selector FROM groups WHERE name = $1", name) as string;
        }
    }

    public IReadOnlyList<(string Name, string Selector, string CreatedBy, DateTimeOffset CreatedAt)> Groups()
    {
        lock (_gate)
        {
            return _connection.Query("SELECT name, selector, created_by, created_at FROM groups ORDER BY name", r => (r.GetString(0), r.GetString(1), r.GetString(2), r.Time(3)));
        }
    }

    private Transaction Begin()
    {
        _connection.Execute("BEGIN IMMEDIATE");
        return new Transaction(_connection);
    }

    /// <summary>BEGIN … COMMIT through plain SQL (the helpers' commands carry no transaction object); rolled back unless committed.</summary>
    private sealed class Transaction(SqliteConnection connection) : IDisposable
    {
        private bool _done;

        public void Commit()
        {
            connection.Execute("COMMIT");
            _done = true;
        }

        public void Dispose()
        {
            if (!_done)
            {
                connection.Execute("ROLLBACK");
            }
        }
    }

    private static StoredAction MapAction(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Parameters = JsonSerializer.Deserialize(r.GetString(2), ActionStoreJson.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>(),
        Privileged = r.GetInt64(3) != 0,
        Targeting = r.GetString(4),
        RequestedBy = r.GetString(5),
        RequestedByName = r.GetString(6),
        RequestedAt = r.Time(7),
        ExpiresAt = r.Time(8),
        Concurrency = r.GetInt32(9),
        State = r.GetString(10),
        DecidedBy = r.NullableString(11),
        DecidedByName = r.NullableString(12),
        DecidedAt = r.NullableTime(13),
        Reason = r.NullableString(14),
    };

    private static StoredDelivery MapDelivery(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        ActionId = r.GetString(1),
        AgentId = r.GetString(2),
        Hostname = r.GetString(3),
        State = r.GetString(4),
        QueuedAt = r.NullableTime(5),
        DeliveredAt = r.NullableTime(6),
        FinishedAt = r.NullableTime(7),
        Code = r.NullableString(8),
        Error = r.NullableString(9),
        Output = r.NullableString(10),
        Redactions = r.GetInt64(11),
    };

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Server.Storage.Sqlite;

namespace Vigil.Server.Audit;

/// <summary>
/// The server's append-only, hash-chained audit log: one SQLite file (<c>audit.db</c> in the data folder) apart from the
/// telemetry store, so retention and maintenance never touch it and it can be copied and verified on its own.
/// Appends are serialized: each entry's hash covers the previous entry's hash, so changing, removing or inserting any
/// entry breaks the chain from there on (<see cref="AuditVerifier"/>). Anything that must leave evidence (remote
/// actions now, compliance results later) appends here with its own <see cref="AuditKinds">kind</see>.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS audit_subject ON audit(subject, seq);
        """;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _sequence;
    private string _head;

    private AuditLog(SqliteConnection connection, TimeProvider time, long sequence, string head)
    {
        _connection = connection;
        _time = time;
        _sequence = sequence;
        _head = head;
    }

    public string Path { get; private init; } = "";

    public static AuditLog Open(string path, TimeProvider time)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        try
        {
            // WAL with synchronous=FULL: an entry the caller saw appended survives power loss.
            connection.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
            connection.Execute(Schema);
            var last = connection.Query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", r => (r.GetInt64(0), r.GetString(1)));
            var (sequence, head) = last.Count == 1 ? last[0] : (0L, AuditHash.Genesis);
            return new AuditLog(connection, time, sequence, head) { Path = path };
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Appends one entry and returns it; <paramref name="data"/> is stored as compact JSON.</summary>
    public AuditEntry Append(string actor, string kind, string subject, JsonObject data)
    {
        var json = data.ToJsonString(JsonSerializerOptions.Default);
        lock (_gate)
        {
            var at = _time.GetUtcNow();
            var sequence = _sequence + 1;
            var hash = AuditHash.Of(sequence, at, actor, kind, subject, json, _head);
            _connection.Execute("INSERT INTO audit (seq, at, actor, kind, subject, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                sequence, at.ToUnixTimeMilliseconds(), actor, kind, subject, json, _head, hash);
            _sequence = sequence;
            var entry = new AuditEntry { Sequence = sequence, At = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()), Actor = actor, Kind = kind, Subject = subject, Data = json, PreviousHash = _head, Hash = hash };
            _head = hash;
            return entry;
        }
    }

    /// <summary>Entries after <paramref name="after"/>, oldest first, optionally only those about <paramref name="subject"/>.</summary>
    public IReadOnlyList<AuditEntry> Read(long after, int limit, string? subject = null)
    {
        lock (_gate)
        {
            return subject is null
                ? _connection.Query("SELECT seq, at, actor, kind, subject, data, prev_hash, hash FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2", Map, after, limit)
                : _connection.Query("SELECT seq, at, actor, kind, subject, data, prev_hash, hash FROM audit WHERE subject = $1 AND seq > $2 ORDER BY seq LIMIT $3", Map, subject, after, limit);
        }
    }

    /// <summary>The newest entry of <paramref name="kind"/>, or null.</summary>
    public AuditEntry? LastOfKind(string kind)
    {
        lock (_gate)
        {
            return _connection.Query("SELECT seq, at, actor, kind, subject, data, prev_hash, hash FROM audit WHERE kind = $1 ORDER BY seq DESC LIMIT 1", Map, kind).FirstOrDefault();
        }
    }

    /// <summary>The newest entries first (for the audit page).</summary>
    public IReadOnlyList<AuditEntry> Latest(int limit)
    {
        lock (_gate)
        {
            return _connection.Query("SELECT seq, at, actor, kind, subject, data, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT $1", Map, limit);
        }
    }

    internal static AuditEntry Map(SqliteDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        At = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        Actor = r.GetString(2),
        Kind = r.GetString(3),
        Subject = r.GetString(4),
        Data = r.GetString(5),
        PreviousHash = r.GetString(6),
        Hash = r.GetString(7),
    };

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }
}

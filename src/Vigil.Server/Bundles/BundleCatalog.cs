using Microsoft.Data.Sqlite;
using Vigil.Server.Storage.Sqlite;

namespace Vigil.Server.Bundles;

/// <summary>
/// The bundles the server holds, in <c>bundles.db</c> in the data folder: one row per bundle, naming the store
/// snapshot that keeps its files. The row is written after the snapshot, so a listed bundle can always be read; the
/// bundle id is the primary key, which makes a retried commit find the first one. One connection, serialized.
/// </summary>
public sealed class BundleCatalog : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bundles (
            id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, host TEXT NOT NULL, created_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,
            profile TEXT NOT NULL, trigger TEXT NOT NULL, snapshot_id TEXT NOT NULL, logical_bytes INTEGER NOT NULL, new_bytes INTEGER NOT NULL,
            file_count INTEGER NOT NULL, redactions INTEGER NOT NULL, problems_json TEXT NOT NULL, manifest_json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS bundles_agent ON bundles(agent_id, created_ms);
        CREATE INDEX IF NOT EXISTS bundles_snapshot ON bundles(snapshot_id);
        """;

    private const string Columns = "id, agent_id, host, created_ms, received_ms, profile, trigger, snapshot_id, logical_bytes, new_bytes, file_count, redactions, problems_json, manifest_json";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private BundleCatalog(SqliteConnection connection) => _connection = connection;

    public static BundleCatalog Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        try
        {
            connection.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
            connection.Execute(Schema);
            return new BundleCatalog(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Adds the bundle; false when a bundle with its id is already stored (nothing changes).</summary>
    public bool TryAdd(StoredBundle b)
    {
        lock (_gate)
        {
            return _connection.Execute($"INSERT OR IGNORE INTO bundles ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                b.Id, b.AgentId, b.Host, b.Created.Ms(), b.Received.Ms(), b.Profile, b.Trigger, b.SnapshotId, b.LogicalBytes, b.NewBytes,
                b.FileCount, b.Redactions, b.ProblemsJson, b.ManifestJson) == 1;
        }
    }

    public StoredBundle? Get(string id)
    {
        lock (_gate)
        {
            return _connection.Query($"SELECT {Columns} FROM bundles WHERE id = $1", Map, id).FirstOrDefault();
        }
    }

    /// <summary>Bundles newest first, of one agent or of all.</summary>
    public IReadOnlyList<StoredBundle> List(string? agentId, int limit)
    {
        lock (_gate)
        {
            return agentId is null
                ? _connection.Query($"SELECT {Columns} FROM bundles ORDER BY created_ms DESC, id DESC LIMIT $1", Map, limit)
                : _connection.Query($"SELECT {Columns} FROM bundles WHERE agent_id = $1 ORDER BY created_ms DESC, id DESC LIMIT $2", Map, agentId, limit);
        }
    }

    /// <summary>Per agent: bundles, logical bytes, new bytes, latest creation time.</summary>
    public IReadOnlyList<(string AgentId, string Host, int Bundles, long LogicalBytes, long NewBytes, DateTimeOffset Latest)> Totals()
    {
        lock (_gate)
        {
            return _connection.Query(
                "SELECT agent_id, MAX(host), COUNT(*), SUM(logical_bytes), SUM(new_bytes), MAX(created_ms) FROM bundles GROUP BY agent_id ORDER BY MAX(host), agent_id",
                r => (r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.Time(5)));
        }
    }

    /// <summary>Removes the bundles whose snapshots are gone; returns their ids.</summary>
    public IReadOnlyList<string> RemoveSnapshots(IReadOnlyCollection<string> snapshotIds)
    {
        lock (_gate)
        {
            var removed = new List<string>();
            foreach (var snapshot in snapshotIds)
            {
                removed.AddRange(_connection.Query("SELECT id FROM bundles WHERE snapshot_id = $1", r => r.GetString(0), snapshot));
                _connection.Execute("DELETE FROM bundles WHERE snapshot_id = $1", snapshot);
            }
            return removed;
        }
    }

    private static StoredBundle Map(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        AgentId = r.GetString(1),
        Host = r.GetString(2),
        Created = r.Time(3),
        Received = r.Time(4),
        Profile = r.GetString(5),
        Trigger = r.GetString(6),
        SnapshotId = r.GetString(7),
        LogicalBytes = r.GetInt64(8),
        NewBytes = r.GetInt64(9),
        FileCount = r.GetInt32(10),
        Redactions = r.GetInt32(11),
        ProblemsJson = r.GetString(12),
        ManifestJson = r.GetString(13),
    };

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }
}

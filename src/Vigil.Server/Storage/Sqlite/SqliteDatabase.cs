using Microsoft.Data.Sqlite;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// The database file and how connections to it are opened: one writer connection (owned by <see cref="SqliteWriter"/>)
/// and pooled read-only connections for everything else. In WAL mode readers see the last commit and never wait
/// for the writer.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly string _readers;
    private readonly string _writer;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _readers = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public SqliteConnection OpenWriter(SqliteStoreOptions options)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var connection = new SqliteConnection(_writer);
        connection.Open();
        var synchronous = options.Synchronous == SqliteSynchronous.Normal ? "NORMAL" : "FULL";
        connection.Execute($"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {synchronous};
            PRAGMA cache_size = -{options.WriterCacheMiB * 1024};
            PRAGMA temp_store = MEMORY;
            PRAGMA busy_timeout = 30000;
            """);
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on a pooled read-only connection inside one read transaction, so everything it
    /// reads comes from the same commit (series and the frames that refer to them, a page of events).
    /// </summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        using var connection = new SqliteConnection(_readers);
        connection.Open();
        connection.Execute("BEGIN");
        try
        {
            return read(connection);
        }
        finally
        {
            connection.Execute("COMMIT");
        }
    }

    /// <summary>Closes the pooled readers, so nothing holds the file after the store is disposed.</summary>
    public void CloseReaders()
    {
        using var connection = new SqliteConnection(_readers);
        SqliteConnection.ClearPool(connection);
    }
}

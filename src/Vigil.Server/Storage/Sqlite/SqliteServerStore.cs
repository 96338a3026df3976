using Microsoft.Extensions.Logging;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite database file in WAL mode. All writes go through one writer thread that commits
/// concurrent batches together (group commit); reads use pooled read-only connections and never wait for it.
/// Dispose flushes what is queued and closes the file; a store reopened on the same file sees everything committed.
/// </summary>
public sealed partial class SqliteServerStore : IServerStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LatestValues _latest = new();
    private readonly Lock _gate = new();
    private volatile SqliteWriter? _writer;
    private volatile bool _disposed;

    public SqliteServerStore(string path, TimeProvider time, ILogger logger, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _options = options ?? new SqliteStoreOptions();
        _options.Validate();
        _database = new SqliteDatabase(path);
        _time = time;
        _logger = logger;
        Tokens = new SqliteTokenStore(this);
        Agents = new SqliteAgentStore(this);
        Ingest = new SqliteIngestStore(this);
        Metrics = new SqliteMetricStore(this, _latest);
        Hosts = new SqliteHostStateStore(this);
        Events = new SqliteEventStore(this);
        Anomalies = new SqliteAnomalyStore(this);
        Compliance = new SqliteComplianceStore(this);
    }

    /// <summary>Creates the store and initializes it (creating or migrating the database).</summary>
    public static async Task<SqliteServerStore> OpenAsync(string path, TimeProvider time, ILogger logger, SqliteStoreOptions? options, CancellationToken cancellationToken)
    {
        var store = new SqliteServerStore(path, time, logger, options);
        try
        {
            await store.InitializeAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public ITokenStore Tokens { get; }
    public IAgentStore Agents { get; }
    public IIngestStore Ingest { get; }
    public IMetricStore Metrics { get; }
    public IHostStateStore Hosts { get; }
    public IEventStore Events { get; }
    public IAnomalyStore Anomalies { get; }
    public IComplianceStore Compliance { get; }
    public string Description => "sqlite " + _database.Path;

    internal SqliteDatabase Database
    {
        get
        {
            EnsureOpen();
            return _database;
        }
    }

    internal SqliteWriter Writer
    {
        get
        {
            EnsureOpen();
            return _writer!;
        }
    }

    internal ILogger Logger => _logger;

    /// <summary>Runs a read on a pooled reader connection; see <see cref="SqliteDatabase.Read"/>.</summary>
    internal Task<T> ReadAsync<T>(Func<Microsoft.Data.Sqlite.SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }
        try
        {
            return Task.FromResult(Database.Read(read));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null)
            {
                return Task.CompletedTask;
            }
            var connection = _database.OpenWriter(_options);
            try
            {
                var from = SqliteMigrations.Apply(connection, _database.Path);
                var ingest = new SqliteIngestWriter(connection, _latest);
                _writer = new SqliteWriter(connection, ingest, _options, _time, _logger);
                LogOpened(_database.Path, from, SqliteSchema.Migrations.Length, _options.Synchronous);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteWriter? writer;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            writer = _writer;
        }
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
        _database.CloseReaders();
    }

    private void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            throw new InvalidOperationException("the store is not initialized: call InitializeAsync first");
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "opened {Path} (schema {From} -> {To}, synchronous {Synchronous})")]
    private partial void LogOpened(string path, int from, int to, SqliteSynchronous synchronous);
}

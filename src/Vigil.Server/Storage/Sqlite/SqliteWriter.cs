using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// The one connection that writes, on its own thread. Batches are committed in groups: the thread takes everything
/// queued (up to <see cref="SqliteStoreOptions.MaxGroupSize"/>) and commits it in one transaction, so one fsync
/// covers many batches. When a group's transaction fails, each of its batches is retried alone, so one bad batch
/// fails only its own caller. Other write work runs between groups, each in its own transaction, in queue order.
/// </summary>
internal sealed partial class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<WriteRequest> _queue;
    private readonly SqliteConnection _connection;
    private readonly SqliteIngestWriter _ingest;
    private readonly SqliteWriteContext _context;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxGroup;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteWriter(SqliteConnection connection, SqliteIngestWriter ingest, SqliteStoreOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _ingest = ingest;
        _context = new SqliteWriteContext(connection, ingest);
        _logger = logger;
        _time = time;
        _maxGroup = options.MaxGroupSize;
        // Bounded: when the disk cannot keep up, callers wait to enqueue instead of the queue growing without limit.
        _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(options.MaxGroupSize * 8)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil-sqlite-writer" };
        _thread.Start();
    }

    public async Task<IngestResult> CommitAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var request = new IngestRequest(batch);
        await EnqueueAsync(request, cancellationToken);
        using (cancellationToken.Register(static (r, ct) => ((IngestRequest)r!).Cancel(ct), request))
        {
            return await request.Task;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the writer connection in its own transaction; completes after the commit.</summary>
    public async Task<T> ExecuteAsync<T>(Func<SqliteWriteContext, T> work, CancellationToken cancellationToken)
    {
        var request = new WorkRequestOf<T>(work);
        await EnqueueAsync(request, cancellationToken);
        using (cancellationToken.Register(static (r, ct) => ((WorkRequestOf<T>)r!).Cancel(ct), request))
        {
            return await request.Task;
        }
    }

    /// <summary>Lets queued work finish, then stops the thread. Work queued afterwards fails with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task;
        _ingest.Dispose();
        await _connection.DisposeAsync();
    }

    private async ValueTask EnqueueAsync(WriteRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException("SqliteServerStore", "the store is closed");
        }
    }

    private void Run()
    {
        var pending = new List<WriteRequest>(_maxGroup);
        var group = new List<IngestRequest>(_maxGroup);
        try
        {
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                pending.Clear();
                while (pending.Count < _maxGroup && _queue.Reader.TryRead(out var request))
                {
                    pending.Add(request);
                }
                foreach (var request in pending)
                {
                    if (request is IngestRequest ingest)
                    {
                        group.Add(ingest);
                        continue;
                    }
                    CommitGroup(group);
                    RunWork((WorkRequest)request);
                }
                CommitGroup(group);
            }
            _stopped.TrySetResult();
        }
        catch (Exception e)
        {
            // Only a bug gets here; fail whatever waits rather than leave callers hanging.
            LogWriterCrashed(e);
            _queue.Writer.TryComplete(e);
            foreach (var request in pending)
            {
                request.Fail(e);
            }
            while (_queue.Reader.TryRead(out var request))
            {
                request.Fail(e);
            }
            _stopped.TrySetResult();
        }
    }

    private void CommitGroup(List<IngestRequest> group)
    {
        group.RemoveAll(static r => r.IsCompleted);
        if (group.Count == 0)
        {
            return;
        }
        var started = _time.GetTimestamp();
        var results = new IngestResult[group.Count];
        try
        {
            Begin();
            for (var i = 0; i < group.Count; i++)
            {
                results[i] = _ingest.Apply(group[i].Batch);
            }
            Commit();
        }
        catch (Exception e)
        {
            Rollback();
            _ingest.RolledBack();
            if (group.Count == 1)
            {
                LogBatchFailed(group[0].Batch.AgentId, group[0].Batch.Batch.Sequence, e);
                group[0].Fail(e);
            }
            else
            {
                LogGroupFailed(group.Count, e.Message);
                foreach (var request in group)
                {
                    CommitGroup([request]);
                }
            }
            group.Clear();
            return;
        }
        _ingest.Committed();
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(results[i]);
        }
        var elapsed = _time.GetElapsedTime(started);
        if (elapsed > TimeSpan.FromSeconds(1))
        {
            LogSlowGroup(group.Count, elapsed.TotalMilliseconds);
        }
        group.Clear();
    }

    private void RunWork(WorkRequest request)
    {
        if (request.IsCompleted)
        {
            return;
        }
        var started = _time.GetTimestamp();
        try
        {
            Begin();
            request.Execute(_context);
            Commit();
            // Ingest waits behind other work: a long transaction here shows up as acknowledgement latency.
            var took = _time.GetElapsedTime(started);
            if (took > TimeSpan.FromSeconds(1))
            {
                LogSlowWork(took.TotalMilliseconds);
            }
        }
        catch (Exception e)
        {
            Rollback();
            _ingest.RolledBack();
            request.Fail(e);
            return;
        }
        _ingest.Committed();
        request.Complete();
    }

    private void Begin() => _connection.Execute("BEGIN IMMEDIATE");

    private void Commit() => _connection.Execute("COMMIT");

    private void Rollback()
    {
        try
        {
            _connection.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // SQLite may have rolled back on its own (e.g. on a full disk); then there is nothing left to undo.
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "a group of {Count} batches failed to commit ({Reason}); committing each alone")]
    private partial void LogGroupFailed(int count, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "batch {Sequence} of {AgentId} was not stored")]
    private partial void LogBatchFailed(string agentId, long sequence, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "committing {Count} batches took {Milliseconds:F0} ms")]
    private partial void LogSlowGroup(int count, double milliseconds);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "a store transaction other than ingest took {Milliseconds:F0} ms; batches waited behind it")]
    private partial void LogSlowWork(double milliseconds);

    [LoggerMessage(EventId = 104, Level = LogLevel.Critical, Message = "the store's writer stopped")]
    private partial void LogWriterCrashed(Exception exception);
}

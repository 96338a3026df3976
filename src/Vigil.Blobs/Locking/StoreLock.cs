using System.Text.Json;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Locking;

/// <summary>
/// A lock object in <c>locks/</c>: adds take one so a GC waits for them; a GC takes one so a second GC refuses to
/// start. Refreshed every <see cref="RefreshEvery"/>; a lock is stale when its process is gone (same host) or it
/// has not been refreshed for <see cref="StaleAfter"/> (any host). Disposing removes it.
/// </summary>
public sealed class StoreLock : IAsyncDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);
    private readonly IStorageBackend _backend;
    private readonly byte[] _bytes;
    private readonly ITimer _refresh;

    private StoreLock(IStorageBackend backend, string name, byte[] bytes, TimeProvider time)
    {
        _backend = backend;
        Name = name;
        _bytes = bytes;
        _refresh = time.CreateTimer(_ => _ = RefreshAsync(), null, RefreshEvery, RefreshEvery);
    }

    public string Name { get; }

    public static async Task<StoreLock> TakeAsync(IStorageBackend backend, string kind, TimeProvider time, CancellationToken cancellationToken)
    {
        var pid = Environment.ProcessId;
        var record = new LockRecord
        {
            Kind = kind,
            Host = Environment.MachineName,
            Pid = pid,
            ProcessStart = ProcessLiveness.StartTimeOf(pid),
            Created = time.GetUtcNow(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, BlobsJsonContext.Default.LockRecord);
        var name = $"{kind}-{Guid.NewGuid():N}";
        await backend.PutAsync(ObjectKind.Lock, name, bytes, cancellationToken).ConfigureAwait(false);
        return new StoreLock(backend, name, bytes, time);
    }

    /// <summary>Every live lock other than <paramref name="except"/>; stale ones are removed on the way.</summary>
    public static async Task<List<(string Name, LockRecord Record)>> LiveLocksAsync(IStorageBackend backend, TimeProvider time, string? except, CancellationToken cancellationToken)
    {
        var live = new List<(string, LockRecord)>();
        var objects = new List<StoredObject>();
        await foreach (var o in backend.ListAsync(ObjectKind.Lock, cancellationToken).ConfigureAwait(false))
        {
            objects.Add(o);
        }
        foreach (var o in objects.Where(o => o.Name != except))
        {
            LockRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(await backend.GetAsync(ObjectKind.Lock, o.Name, cancellationToken).ConfigureAwait(false), BlobsJsonContext.Default.LockRecord);
            }
            catch (ObjectNotFoundException)
            {
                continue;
            }
            catch (JsonException)
            {
                record = null;
            }
            var stale = record is null
                || (record.Host == Environment.MachineName && !ProcessLiveness.IsAlive(record.Pid, record.ProcessStart))
                || time.GetUtcNow() - o.LastModified > StaleAfter;
            if (stale)
            {
                await backend.DeleteAsync(ObjectKind.Lock, o.Name, cancellationToken).ConfigureAwait(false);
                continue;
            }
            live.Add((o.Name, record!));
        }
        return live;
    }

    private async Task RefreshAsync()
    {
        try
        {
            await _backend.PutAsync(ObjectKind.Lock, Name, _bytes, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A missed refresh only shortens the lock's life; the next one retries.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _refresh.DisposeAsync().ConfigureAwait(false);
        await _backend.DeleteAsync(ObjectKind.Lock, Name, CancellationToken.None).ConfigureAwait(false);
    }
}

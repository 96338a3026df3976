using Microsoft.AspNetCore.Connections;

namespace Vigil.Server;

/// <summary>
/// Bounds how many TLS handshakes run at once. When thousands of agents connect together (the server restarted, a
/// network came back), handshakes that all run at once all progress slowly, pass Kestrel's handshake timeout and are
/// dropped, and the agents' retries add more: no one gets through. Queued instead, each handshake finishes quickly
/// and the backlog drains at the rate the CPU allows. The slot is held from accepting the connection until its
/// handshake is done (or fails), not for the connection's life.
/// </summary>
public sealed class HandshakeGate(int concurrent) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrent, concurrent);

    /// <summary>Connection middleware before <c>UseHttps</c>: waits for a slot.</summary>
    public ConnectionDelegate Enter(ConnectionDelegate next) => async context =>
    {
        try
        {
            await _slots.WaitAsync(context.ConnectionClosed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the client went away while waiting
        }
        var slot = new Slot(_slots);
        context.Features.Set(slot);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            slot.Release(); // the handshake failed, or the connection ended
        }
    };

    /// <summary>Connection middleware after <c>UseHttps</c>: the handshake is done, the slot goes to the next connection.</summary>
    public static ConnectionDelegate Leave(ConnectionDelegate next) => context =>
    {
        context.Features.Get<Slot>()?.Release();
        return next(context);
    };

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

using System.Collections.Concurrent;

namespace Vigil.Server.Actions;

/// <summary>
/// Wakes the poll an agent holds open the moment something is queued for it, so an action reaches a connected agent
/// in one round trip instead of at its next poll. A signal with no poll waiting is remembered until the next poll.
/// </summary>
public sealed class AgentMailbox
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public void Notify(string agentId)
    {
        var signal = _signals.GetOrAdd(agentId, _ => new SemaphoreSlim(0, 1));
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    /// <summary>Waits until <see cref="Notify"/> is called for <paramref name="agentId"/> or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(string agentId, TimeSpan timeout, CancellationToken cancellationToken) =>
        _signals.GetOrAdd(agentId, _ => new SemaphoreSlim(0, 1)).WaitAsync(timeout, cancellationToken);
}

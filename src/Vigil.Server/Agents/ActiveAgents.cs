using Vigil.Server.Storage;

namespace Vigil.Server.Agents;

/// <summary>
/// Ids of agents known to be enrolled and not revoked, so authenticating a batch does not read the store on every
/// request (one read per agent instead of one per batch). Revocation goes through <see cref="RevokeAsync"/>, which
/// drops the agent before and after the store commits it: from the moment the revocation is committed no request is
/// admitted from the cache, and a lookup that raced with it is not cached. (Ingest also checks revocation again in
/// the store's own transaction.)
/// </summary>
public sealed class ActiveAgents
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private long _revocations;

    /// <summary>The agent when it is enrolled and not revoked; null when it is unknown; the stored agent (with <see cref="Agent.RevokedAt"/>) when revoked.</summary>
    public async Task<(bool Active, Agent? Stored)> CheckAsync(string agentId, IServerStore store, CancellationToken cancellationToken)
    {
        long before;
        lock (_gate)
        {
            if (_active.Contains(agentId))
            {
                return (true, null);
            }
            before = _revocations;
        }
        var agent = await store.Agents.GetAsync(agentId, cancellationToken).ConfigureAwait(false);
        var active = agent is { RevokedAt: null };
        if (active)
        {
            lock (_gate)
            {
                if (_revocations == before)
                {
                    _active.Add(agentId);
                }
            }
        }
        return (active, agent);
    }

    /// <summary>Revokes <paramref name="agentId"/> in the store; the cache stops admitting it.</summary>
    public async Task<bool> RevokeAsync(string agentId, DateTimeOffset now, IServerStore store, CancellationToken cancellationToken)
    {
        Forget(agentId);
        try
        {
            return await store.Agents.RevokeAsync(agentId, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Forget(agentId);
        }
    }

    private void Forget(string agentId)
    {
        lock (_gate)
        {
            _revocations++;
            _active.Remove(agentId);
        }
    }
}

using System.Collections.Concurrent;

namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// The newest value of every series of every host, kept in memory so host headers and fleet tables need no frame
/// decoding. The writer observes each committed frame; a host not observed since start is seeded once from its
/// newest stored frames. Newer timestamps win whichever arrives first, so seeding and writing may race. Thread-safe.
/// </summary>
public sealed class LatestValues
{
    private readonly ConcurrentDictionary<string, HostLatest> _hosts = new(StringComparer.Ordinal);

    public HostLatest For(string agentId) => _hosts.GetOrAdd(agentId, static _ => new HostLatest());
}

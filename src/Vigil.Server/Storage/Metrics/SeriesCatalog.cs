namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// The writer's cache of every host's series dictionary, so a batch finds its series indexes without a query. The
/// database is the truth: a host is loaded on first use, and forgotten (to be loaded again) when a transaction that
/// may have added series to it rolls back. Not thread-safe; only the writer uses it.
/// </summary>
public sealed class SeriesCatalog
{
    private readonly Dictionary<string, HostSeries> _hosts = new(StringComparer.Ordinal);

    public HostSeries Get(string agentId, Func<string, HostSeries> load)
    {
        if (!_hosts.TryGetValue(agentId, out var series))
        {
            series = load(agentId);
            _hosts[agentId] = series;
        }
        return series;
    }

    public void Forget(string agentId) => _hosts.Remove(agentId);
}

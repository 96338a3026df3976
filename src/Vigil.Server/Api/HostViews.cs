using Vigil.Protocol;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>Builds host summaries from the store: status from revocation, silence and component health; headline metrics from the newest samples.</summary>
public sealed class HostViews(IServerStore store)
{
    private const string Cpu = "system.cpu.utilization";
    private const string Memory = "system.memory.utilization";
    private const string Load = "system.cpu.load_average.1m";
    private const string Uptime = "system.uptime";
    private static readonly string[] Headline = [Cpu, Memory, Load, Uptime];

    public async Task<HostSummary> SummaryAsync(Agent agent, CancellationToken cancellationToken)
    {
        var (summary, _, _) = await BuildAsync(agent, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    public async Task<HostDetail> DetailAsync(Agent agent, CancellationToken cancellationToken)
    {
        var (summary, identity, health) = await BuildAsync(agent, cancellationToken).ConfigureAwait(false);
        var kinds = await store.Hosts.ListInventoryKindsAsync(agent.Id, cancellationToken).ConfigureAwait(false);
        var metrics = await store.Metrics.ListMetricsAsync(agent.Id, cancellationToken).ConfigureAwait(false);
        return new HostDetail
        {
            Id = summary.Id,
            Hostname = summary.Hostname,
            Labels = summary.Labels,
            Status = summary.Status,
            LastSeen = summary.LastSeen,
            EnrolledAt = summary.EnrolledAt,
            Os = summary.Os,
            Kernel = summary.Kernel,
            AgentVersion = summary.AgentVersion,
            Problems = summary.Problems,
            CpuUtilization = summary.CpuUtilization,
            MemoryUtilization = summary.MemoryUtilization,
            Load1 = summary.Load1,
            UptimeS = summary.UptimeS,
            CertificateNotAfter = summary.CertificateNotAfter,
            Identity = identity,
            Health = health,
            InventoryKinds = kinds,
            Metrics = metrics,
        };
    }

    private async Task<(HostSummary, IdentityRecord?, IReadOnlyList<HealthView>)> BuildAsync(Agent agent, CancellationToken cancellationToken)
    {
        var identity = await store.Hosts.GetIdentityAsync(agent.Id, cancellationToken).ConfigureAwait(false);
        var health = (await store.Hosts.GetHealthAsync(agent.Id, cancellationToken).ConfigureAwait(false))
            .Select(h => new HealthView(h.Source, Lower(h.Status), h.Reason, h.Message, h.Since))
            .OrderBy(h => h.Source, StringComparer.Ordinal)
            .ToList();
        var latest = await store.Metrics.LatestAsync(agent.Id, Headline, cancellationToken).ConfigureAwait(false);
        var problems = health.Where(h => h.Status != "ok").ToList();
        var status = agent.RevokedAt is not null ? HostStatus.Revoked
            : agent.Silent ? HostStatus.Silent
            : problems.Any(p => p.Status == "failed") ? HostStatus.Failed
            : problems.Count > 0 ? HostStatus.Degraded
            : HostStatus.Ok;
        var summary = new HostSummary
        {
            Id = agent.Id,
            Hostname = agent.Hostname,
            Labels = agent.Labels,
            Status = status,
            LastSeen = agent.LastSeenAt,
            EnrolledAt = agent.EnrolledAt,
            Os = identity?.OsPrettyName,
            Kernel = identity?.KernelRelease,
            AgentVersion = agent.AgentVersion,
            Problems = problems,
            CpuUtilization = CpuBusy(latest),
            MemoryUtilization = Value(latest, Memory, "system.memory.state=used"),
            Load1 = Value(latest, Load, ""),
            UptimeS = Value(latest, Uptime, "") ?? identity?.UptimeSeconds,
            CertificateNotAfter = agent.CertificateNotAfter,
        };
        return (summary, identity, health);
    }

    private static string Lower(HealthStatus status) => status.ToString().ToLowerInvariant();

    private static double? Value(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> latest, string metric, string series) =>
        latest.TryGetValue(metric, out var all) && all.TryGetValue(series, out var value) ? value : null;

    /// <summary>Whole-machine busy share: 1 minus idle (and iowait, which is idle with I/O pending) of the series without a CPU number.</summary>
    private static double? CpuBusy(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> latest)
    {
        if (!latest.TryGetValue(Cpu, out var all))
        {
            return null;
        }
        var machine = all.Where(s => !s.Key.Contains("cpu.logical_number", StringComparison.Ordinal)).ToList();
        if (machine.Count == 0)
        {
            return null;
        }
        var idle = machine.Where(s => s.Key.Contains("cpu.mode=idle", StringComparison.Ordinal) || s.Key.Contains("cpu.mode=iowait", StringComparison.Ordinal)).Sum(s => s.Value);
        return Math.Clamp(1 - idle, 0, 1);
    }
}

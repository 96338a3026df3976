using Vigil.Server.Compliance;

namespace Vigil.Server.Storage;

/// <summary>
/// Compliance evidence (written by ingest), the current status per host and check, score history, exceptions and
/// remediations. Reads of current state go through the latest-status table, never through the evidence.
/// </summary>
public interface IComplianceStore
{
    Task<IReadOnlyList<StatusCount>> CountsAsync(string? policy, CancellationToken cancellationToken);
    /// <summary>The current status of <paramref name="check"/> on every host (optionally of one policy).</summary>
    Task<IReadOnlyList<CheckStatus>> StatusesOfCheckAsync(string? policy, string check, CancellationToken cancellationToken);
    Task<IReadOnlyList<LatestResult>> LatestAsync(string agentId, string? policy, CancellationToken cancellationToken);
    Task<LatestResult?> LatestAsync(string agentId, string policy, string check, CancellationToken cancellationToken);
    /// <summary>Current results in <paramref name="statuses"/> across the fleet.</summary>
    Task<IReadOnlyList<LatestResult>> InStatusAsync(IReadOnlyList<string> statuses, string? policy, string? severity, CancellationToken cancellationToken);
    Task<IReadOnlyList<PolicyRun>> PolicyRunsAsync(string? agentId, string? policy, CancellationToken cancellationToken);
    Task<IReadOnlyList<EvidenceRow>> EvidenceAsync(EvidenceQuery query, CancellationToken cancellationToken);
    Task<IReadOnlyList<HistoryPoint>> HostHistoryAsync(string agentId, DateTimeOffset since, CancellationToken cancellationToken);
    Task<IReadOnlyList<HistoryPoint>> FleetHistoryAsync(string? policy, DateTimeOffset since, CancellationToken cancellationToken);
    Task<IReadOnlyList<RunDigest>> RunsAfterAsync(long afterRow, int limit, CancellationToken cancellationToken);

    Task CreateExceptionAsync(ComplianceException exception, CancellationToken cancellationToken);
    Task<bool> RevokeExceptionAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken);
    Task<IReadOnlyList<ComplianceException>> ExceptionsAsync(CancellationToken cancellationToken);

    Task SaveRemediationAsync(Remediation remediation, CancellationToken cancellationToken);
    Task<Remediation?> RemediationAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Remediation>> RemediationsAsync(string? agentId, bool openOnly, int limit, CancellationToken cancellationToken);
}

/// <summary>Evidence rows in [From, To), oldest first, after a cursor (time, id).</summary>
public sealed record EvidenceQuery(DateTimeOffset From, DateTimeOffset To, string? Policy, string? AgentId, string? Framework, int Limit, (long TimeMs, long Id)? After);

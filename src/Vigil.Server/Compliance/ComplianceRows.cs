namespace Vigil.Server.Compliance;

/// <summary>The current status of one check on one host, with the evidence row that set it.</summary>
public sealed record LatestResult
{
    public required string AgentId { get; init; }
    public required string Policy { get; init; }
    public required string Check { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset Since { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required long EvidenceId { get; init; }
    public required string Title { get; init; }
    public required string Observed { get; init; }
    public required string Severity { get; init; }
    public required string ComplianceJson { get; init; }
    public required string ReferencesJson { get; init; }
    public required string Remediation { get; init; }
    public string? RemediationActionJson { get; init; }
}

/// <summary>A host's latest run of one policy.</summary>
public sealed record PolicyRun
{
    public required string AgentId { get; init; }
    public required string Policy { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }
    public required string ContentHash { get; init; }
    public required string Run { get; init; }
    public required string Trigger { get; init; }
    public required DateTimeOffset Evaluated { get; init; }
}

/// <summary>How many checks of a policy are in one observed status on one host.</summary>
public sealed record StatusCount(string AgentId, string Policy, string Status, long Count);

/// <summary>One check's current status on one host, without its details.</summary>
public sealed record CheckStatus(string AgentId, string Policy, string Check, string Status);

/// <summary>One stored evidence row, as the results endpoint (the export's input) returns it.</summary>
public sealed record EvidenceRow
{
    public required long Id { get; init; }
    public required long RunRow { get; init; }
    public required EvidenceFields Fields { get; init; }
    public required string EvidenceHash { get; init; }
}

/// <summary>A sealed-or-not run: its row id, what it covers and its digest.</summary>
public sealed record RunDigest(long Id, string AgentId, string Run, string Policy, int Results, long FirstEvidence, long LastEvidence, string Digest, DateTimeOffset Time);

/// <summary>Counts in one hour bucket of the score history.</summary>
public sealed record HistoryPoint(string Policy, DateTimeOffset Bucket, long Pass, long Fail, long Error, string? AgentId = null);

/// <summary>A waiver: a check (optionally of one policy) on the hosts a selector matches, until it expires or is revoked.</summary>
public sealed record ComplianceException
{
    public required string Id { get; init; }
    public string? Policy { get; init; }
    public required string Check { get; init; }
    public required string Selector { get; init; }
    /// <summary><c>exception</c> (accepted risk) or <c>false_positive</c>.</summary>
    public required string Kind { get; init; }
    public required string Owner { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset Expires { get; init; }
    public DateTimeOffset? Revoked { get; init; }
    public string? RevokedBy { get; init; }

    public string StateAt(DateTimeOffset now) => Revoked is not null ? "revoked" : now >= Expires ? "expired" : "active";
}

/// <summary>One remediation of one failing check on one host, and where it is.</summary>
public sealed record Remediation
{
    public required string Id { get; init; }
    public required string AgentId { get; init; }
    public required string Hostname { get; init; }
    public required string Policy { get; init; }
    public required string Check { get; init; }
    public required string Action { get; init; }
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    public required bool Automatic { get; init; }
    public required string State { get; init; }
    public string? DryRunActionId { get; init; }
    public string? DryRun { get; init; }
    public string? ActionId { get; init; }
    public string? VerifyActionId { get; init; }
    public string? Verify { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required string CreatedBy { get; init; }
    public required string CreatedByToken { get; init; }
    public required DateTimeOffset Updated { get; init; }
}

namespace Vigil.Server.Compliance;

/// <summary>What <see cref="ComplianceVerifier"/> found: every sealed run's evidence matches the audit log, or the first that does not.</summary>
public sealed record ComplianceVerification
{
    public required bool Intact { get; init; }
    /// <summary>The audit chain itself: evidence can only be trusted as far as the chain that seals it.</summary>
    public required bool AuditIntact { get; init; }
    public required long Runs { get; init; }
    public required long Rows { get; init; }
    /// <summary>Runs stored after the last seal (sealed moments after they are stored, or at the next start).</summary>
    public long Unsealed { get; init; }
    /// <summary>Runs whose rows retention removed (older than <c>retention.evidence</c>): their seals remain.</summary>
    public long Pruned { get; init; }
    public long? FirstBadRun { get; init; }
    /// <summary>The id of the first evidence row found altered (as /compliance/results shows it), when one can be named.</summary>
    public long? FirstBadEvidence { get; init; }
    public string? Problem { get; init; }
}

namespace Vigil.Server.Audit;

/// <summary>What <see cref="AuditVerifier"/> found: the chain intact up to <see cref="Entries"/>, or the first entry that is not what was written.</summary>
public sealed record AuditVerification
{
    public required bool Intact { get; init; }
    /// <summary>Entries checked (all of them when intact).</summary>
    public required long Entries { get; init; }
    /// <summary>The last entry's hash: keep it somewhere else, and a later verification that ends in another proves the tail was cut.</summary>
    public string? HeadHash { get; init; }
    /// <summary>Sequence number of the first entry found altered, inserted or missing.</summary>
    public long? FirstBadSequence { get; init; }
    public string? Problem { get; init; }
}

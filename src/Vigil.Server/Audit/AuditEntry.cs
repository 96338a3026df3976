namespace Vigil.Server.Audit;

/// <summary>
/// One entry of the audit log. <see cref="Hash"/> covers every other field and <see cref="PreviousHash"/>, so each
/// entry vouches for all the entries before it.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>1, 2, 3 …: no gaps; a missing number is a deleted entry.</summary>
    public required long Sequence { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>Who did it: an API token as <c>token:ID (name)</c>, an agent as its id, or <c>server</c>.</summary>
    public required string Actor { get; init; }
    /// <summary>What happened, dotted: <c>action.requested</c>, <c>action.approved</c>, … (see <see cref="AuditKinds"/>).</summary>
    public required string Kind { get; init; }
    /// <summary>What it happened to: an action id, later a policy or evidence id.</summary>
    public required string Subject { get; init; }
    /// <summary>The details, compact JSON (an object).</summary>
    public required string Data { get; init; }
    /// <summary>Hex SHA-256 of the previous entry; 64 zeros for the first.</summary>
    public required string PreviousHash { get; init; }
    /// <summary>Hex SHA-256 of this entry (<see cref="AuditHash.Of"/>).</summary>
    public required string Hash { get; init; }
}

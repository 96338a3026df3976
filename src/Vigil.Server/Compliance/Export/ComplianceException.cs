namespace Vigil.Server.Compliance.Export;

/// <summary>A waiver, as <c>GET /api/v1/compliance/exceptions?all=true</c> lists it.</summary>
/// <param name="Policy">The policy it is limited to, or null for the check in every policy.</param>
/// <param name="Select">Which hosts: <c>hostname=web-1</c>, <c>role=db</c> or <c>*</c>.</param>
/// <param name="Kind"><c>exception</c> (an accepted risk) or <c>false_positive</c> (the check is wrong here).</param>
/// <param name="State">active, expired or revoked, as the server saw it when the report was made.</param>
public sealed record ComplianceException(
    string Id,
    string? Policy,
    string Check,
    string Select,
    string Kind,
    string Owner,
    string Reason,
    DateTimeOffset Created,
    string CreatedBy,
    DateTimeOffset Expires,
    string State,
    int MatchingHosts)
{
    public const string KindException = "exception";
    public const string KindFalsePositive = "false_positive";

    /// <summary>Whether the exception had run out at <paramref name="time"/>: an expired exception never applies.</summary>
    public bool ExpiredAt(DateTimeOffset time) => Expires <= time;
}

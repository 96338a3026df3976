namespace Vigil.Server.Compliance.Export;

/// <summary>
/// The latest result of one check on one host within the report's range, with the status that counts after
/// exceptions and the exception it refers to (shown even when it had expired and so did not apply).
/// </summary>
public sealed record ReportResult(EvidenceRow Row, string Effective, ComplianceException? Exception)
{
    /// <summary>True when the row names an exception that had run out by the row's time (so it was not applied).</summary>
    public bool ExceptionExpired => Exception is not null && Exception.ExpiredAt(Row.Time);
}

namespace Vigil.Server.Compliance.Export;

/// <summary>
/// Everything an auditor's report is made from: the evidence rows and exceptions the server returned, and the
/// report's own metadata. The writers read only this, so the same input always gives the same bytes.
/// </summary>
/// <param name="From">Start of the reported time range (inclusive).</param>
/// <param name="To">End of the reported time range (exclusive).</param>
/// <param name="Generated">When the report was made; written as the document's last-modified time.</param>
/// <param name="ServerName">The Vigil server the evidence came from (its address), named in the report.</param>
public sealed record ComplianceReportInput(
    ComplianceFramework Framework,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset Generated,
    string ServerName,
    IReadOnlyList<EvidenceRow> Rows,
    IReadOnlyList<ComplianceException> Exceptions)
{
    /// <summary>The policy the report was limited to, if any (shown in the title).</summary>
    public string? Policy { get; init; }

    /// <summary>The host the report was limited to, if any (shown in the title).</summary>
    public string? Host { get; init; }
}

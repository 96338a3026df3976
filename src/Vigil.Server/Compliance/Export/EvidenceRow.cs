namespace Vigil.Server.Compliance.Export;

/// <summary>
/// One stored check result, as <c>GET /api/v1/compliance/results</c> lists it: what an agent observed for one check of
/// one policy on one host at one time, with the server's hash of the stored row.
/// </summary>
/// <param name="Status">What the agent observed: pass, fail, not_applicable or error.</param>
/// <param name="Effective">After exceptions: the status, or excepted / false_positive while an exception applied.</param>
/// <param name="Compliance">Framework key → control ids, e.g. <c>nist_800_53: [AC-3]</c>, <c>tsc: [CC6.1]</c>.</param>
/// <param name="EvidenceHash">SHA-256 (hex) of the stored row; the export's observations are named after it.</param>
public sealed record EvidenceRow(
    long Id,
    string HostId,
    string Hostname,
    DateTimeOffset Time,
    string Policy,
    string PolicyVersion,
    string ContentHash,
    string Run,
    string Trigger,
    string Check,
    string Title,
    string Status,
    string Effective,
    string Observed,
    string Severity,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Compliance,
    IReadOnlyDictionary<string, IReadOnlyList<string>> References,
    string? ExceptionId,
    string EvidenceHash);

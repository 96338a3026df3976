namespace Vigil.Server.Compliance.Export;

/// <summary>
/// The report every writer renders, worked out once from a <see cref="ComplianceReportInput"/>: the evidence rows in
/// range that map to the framework, the latest result per host and check, and the controls with what needs attention
/// first. Rows outside [From, To) are dropped even if the server sent them, so the report says exactly its range.
/// </summary>
public sealed class ComplianceReport
{
    private ComplianceReport(ComplianceReportInput input, IReadOnlyList<EvidenceRow> evidence, IReadOnlyList<ReportResult> latest,
        IReadOnlyList<ControlResult> controls, IReadOnlyList<ComplianceException> exceptions)
    {
        Input = input;
        Evidence = evidence;
        Latest = latest;
        Controls = controls;
        Exceptions = exceptions;
        Counts = StatusCounts.Of(latest.Select(r => r.Effective));
    }

    public ComplianceReportInput Input { get; }

    public ComplianceFramework Framework => Input.Framework;

    /// <summary>Every row in range mapped to the framework, oldest first (ties by id): one OSCAL observation each.</summary>
    public IReadOnlyList<EvidenceRow> Evidence { get; }

    /// <summary>The newest result per host, policy and check in range.</summary>
    public IReadOnlyList<ReportResult> Latest { get; }

    /// <summary>Controls with failing ones first, then by id.</summary>
    public IReadOnlyList<ControlResult> Controls { get; }

    /// <summary>Exceptions about the report's checks (or referred to by its rows), in every state: never hidden.</summary>
    public IReadOnlyList<ComplianceException> Exceptions { get; }

    /// <summary>Latest results counted, each host × check once.</summary>
    public StatusCounts Counts { get; }

    public IReadOnlyList<string> Hosts => Latest.Select(r => r.Row.HostId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public static ComplianceReport Build(ComplianceReportInput input)
    {
        var framework = input.Framework;
        var byId = new Dictionary<string, ComplianceException>(StringComparer.Ordinal);
        foreach (var exception in input.Exceptions)
        {
            byId.TryAdd(exception.Id, exception);
        }
        var evidence = input.Rows
            .DistinctBy(r => r.Id)
            .Where(r => r.Time >= input.From && r.Time < input.To && framework.ControlsOf(r).Count > 0)
            .OrderBy(r => r.Time).ThenBy(r => r.Id)
            .ToList();
        var latest = evidence
            .GroupBy(r => (r.HostId, r.Policy, r.Check))
            .Select(g => Result(g.Last(), byId))
            .OrderBy(r => r.Row.Hostname, StringComparer.Ordinal).ThenBy(r => r.Row.Policy, StringComparer.Ordinal).ThenBy(r => r.Row.Check, StringComparer.Ordinal)
            .ToList();
        var controls = latest
            .SelectMany(r => framework.ControlsOf(r.Row).Select(control => (control, r)))
            .GroupBy(x => x.control, StringComparer.Ordinal)
            .Select(g => new ControlResult(g.Key, g
                .GroupBy(x => (x.r.Row.Policy, x.r.Row.Check))
                .Select(c => new ControlCheck(c.Key.Policy, c.Key.Check, c.Last().r.Row.Title, c.Last().r.Row.Severity, c
                    .Select(x => x.r)
                    .OrderBy(r => ResultStatus.Rank(r.Effective)).ThenBy(r => r.Row.Hostname, StringComparer.Ordinal).ThenBy(r => r.Row.HostId, StringComparer.Ordinal)
                    .ToList()))
                .OrderBy(c => c.Counts.Failing ? 0 : 1).ThenBy(c => c.Policy, StringComparer.Ordinal).ThenBy(c => c.Check, StringComparer.Ordinal)
                .ToList()))
            .OrderBy(c => c.Counts.Failing ? 0 : 1).ThenBy(c => c.Control, ControlIdComparer.Instance)
            .ToList();
        var checks = latest.Select(r => (r.Row.Policy, r.Row.Check)).ToHashSet();
        var referred = evidence.Select(r => r.ExceptionId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var exceptions = input.Exceptions
            .Where(e => referred.Contains(e.Id) || checks.Any(c => c.Check == e.Check && (e.Policy is null || e.Policy == c.Policy)))
            .OrderBy(e => e.State == "active" ? 0 : e.State == "expired" ? 1 : 2).ThenBy(e => e.Expires).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new ComplianceReport(input, evidence, latest, controls, exceptions);
    }

    /// <summary>
    /// The row's effective status, except that an exception that had expired by the row's time is not applied, whatever
    /// the row says: the observed status counts again.
    /// </summary>
    private static ReportResult Result(EvidenceRow row, Dictionary<string, ComplianceException> exceptions)
    {
        var exception = row.ExceptionId is { } id && exceptions.TryGetValue(id, out var e) ? e : null;
        var effective = exception is not null && exception.ExpiredAt(row.Time) ? row.Status : row.Effective;
        return new ReportResult(row, effective, exception);
    }

    /// <summary>The effective status of any evidence row under the same rule as <see cref="Latest"/>.</summary>
    public string EffectiveOf(EvidenceRow row)
    {
        var exception = row.ExceptionId is { } id ? Input.Exceptions.FirstOrDefault(e => e.Id == id) : null;
        return exception is not null && exception.ExpiredAt(row.Time) ? row.Status : row.Effective;
    }
}

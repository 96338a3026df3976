namespace Vigil.Server.Compliance.Export;

/// <summary>One check mapped to a control, with its latest result on every host that ran it.</summary>
public sealed record ControlCheck(string Policy, string Check, string Title, string Severity, IReadOnlyList<ReportResult> Hosts)
{
    public StatusCounts Counts { get; } = StatusCounts.Of(Hosts.Select(h => h.Effective));
}

using Vigil.Agent.Compliance;
using Vigil.Policy.Results;
using Vigil.Protocol;

namespace Vigil.AgentHost.Compliance;

/// <summary>A policy evaluation as the wire record the server keeps as evidence.</summary>
public static class ComplianceRecords
{
    public const string Source = "compliance";

    public static ComplianceRecord From(PolicyResult result, ComplianceRequest request) => new()
    {
        Source = Source,
        TimestampUnixMs = result.Finished.ToUnixTimeMilliseconds(),
        RunId = request.RunId,
        Policy = result.Policy,
        PolicyVersion = result.Version,
        PolicyTitle = result.Title,
        ContentHash = result.ContentHash,
        Trigger = request.Trigger,
        TriggerPath = request.TriggerPath,
        StartedUnixMs = result.Started.ToUnixTimeMilliseconds(),
        Results = result.Results.Select(From).ToList(),
        Untranslated = result.Untranslated.Count > 0 ? result.Untranslated : null,
    };

    private static ComplianceCheckResult From(CheckResult r) => new()
    {
        Check = r.Check,
        Title = r.Title,
        Status = r.Status,
        Observed = r.Observed,
        Severity = r.Severity,
        Compliance = r.Compliance.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal),
        References = r.References.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal),
        Remediation = r.Remediation,
        RemediationAction = r.RemediationAction is { } a
            ? new ComplianceRemediation { Action = a.Action, Parameters = a.Parameters, Automatic = a.Automatic }
            : null,
        DurationMs = r.DurationMs,
    };
}

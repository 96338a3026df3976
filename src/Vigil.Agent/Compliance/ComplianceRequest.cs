namespace Vigil.Agent.Compliance;

/// <summary>One evaluation to make: which policy (and optionally which check), and why.</summary>
/// <param name="Trigger">One of <see cref="ComplianceTriggers"/>.</param>
/// <param name="TriggerPath">For a <c>file</c> trigger, the path that changed.</param>
public sealed record ComplianceRequest(string RunId, string Policy, string? Check, string Trigger, string? TriggerPath);

/// <summary>Why an evaluation ran, as carried in <c>ComplianceRecord.Trigger</c>.</summary>
public static class ComplianceTriggers
{
    public const string Startup = "startup";
    public const string Schedule = "schedule";
    public const string File = "file";
    public const string Action = "action";
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>
/// One evaluation of one policy on the host: every check's verdict with the observed value that decided it. The
/// server keeps it as evidence, so it names the exact policy content (<see cref="ContentHash"/>) that was evaluated.
/// </summary>
public sealed record ComplianceRecord : Record
{
    /// <summary>Agent-unique id of this evaluation.</summary>
    [JsonPropertyName("run")] public required string RunId { get; init; }
    [JsonPropertyName("policy")] public required string Policy { get; init; }
    [JsonPropertyName("policy_version")] public required string PolicyVersion { get; init; }
    [JsonPropertyName("policy_title")] public required string PolicyTitle { get; init; }
    /// <summary>SHA-256 (lowercase hex) of the policy text evaluated.</summary>
    [JsonPropertyName("content_hash")] public required string ContentHash { get; init; }
    /// <summary>Why it ran: <c>schedule</c>, <c>startup</c>, <c>file</c> (a watched file changed) or <c>action</c>.</summary>
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
    /// <summary>For a <c>file</c> trigger, the path that changed.</summary>
    [JsonPropertyName("trigger_path")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TriggerPath { get; init; }
    /// <summary>Unix ms when the evaluation started; <see cref="Record.TimestampUnixMs"/> is when it finished.</summary>
    [JsonPropertyName("started")] public long StartedUnixMs { get; init; }
    [JsonPropertyName("results")] public required IReadOnlyList<ComplianceCheckResult> Results { get; init; }
    /// <summary>For an imported policy, what could not be translated and why.</summary>
    [JsonPropertyName("untranslated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Untranslated { get; init; }
}

/// <summary>One check's verdict on this host.</summary>
public sealed record ComplianceCheckResult
{
    [JsonPropertyName("check")] public required string Check { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    /// <summary><c>pass</c>, <c>fail</c>, <c>not_applicable</c> or <c>error</c>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>The value that decided the verdict, redacted on the host and bounded in length.</summary>
    [JsonPropertyName("observed")] public required string Observed { get; init; }
    /// <summary><c>info</c>, <c>low</c>, <c>medium</c>, <c>high</c> or <c>critical</c>.</summary>
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    /// <summary>Framework → control ids, e.g. <c>cis: [5.2.10]</c>, <c>nist_800_53: [AC-6(2)]</c>.</summary>
    [JsonPropertyName("compliance")] public IReadOnlyDictionary<string, IReadOnlyList<string>> Compliance { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Corresponding rules in other tools, e.g. <c>ssg: [sshd_disable_root_login]</c>.</summary>
    [JsonPropertyName("references")] public IReadOnlyDictionary<string, IReadOnlyList<string>> References { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>How to fix it, in words.</summary>
    [JsonPropertyName("remediation")] public string Remediation { get; init; } = "";
    /// <summary>The action that fixes it, when the check carries one; it runs only through the action channel.</summary>
    [JsonPropertyName("remediation_action")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ComplianceRemediation? RemediationAction { get; init; }
    [JsonPropertyName("duration_ms")] public double DurationMs { get; init; }
}

/// <summary>A check's remediation: an action of the catalog with its parameters, approved by an operator unless the policy opts into automatic.</summary>
public sealed record ComplianceRemediation
{
    /// <summary>An action name of the catalog, e.g. <c>patch-file</c>, <c>restart-unit</c>, <c>run-command</c>.</summary>
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("params")] public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    /// <summary>The policy opts this check into remediation without an operator's approval.</summary>
    [JsonPropertyName("automatic")] public bool Automatic { get; init; }
}

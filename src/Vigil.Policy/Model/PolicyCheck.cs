namespace Vigil.Policy.Model;

/// <summary>One check of a policy: what it verifies, why, how to fix it, and the rules that decide it.</summary>
/// <param name="Severity"><c>info</c>, <c>low</c>, <c>medium</c>, <c>high</c> or <c>critical</c>.</param>
/// <param name="Compliance">Framework → control ids, e.g. <c>cis: [5.2.10]</c>, <c>nist_800_53: [AC-6(2)]</c>, <c>tsc: [CC6.1]</c> (SOC 2).</param>
/// <param name="References">Corresponding rules in other tools, e.g. <c>ssg: [sshd_disable_root_login]</c>, <c>wazuh: [33173]</c>.</param>
/// <param name="Applicability">When it fails, the check is not applicable on this host; null means always applicable.</param>
/// <param name="Location">Where the check is defined (<c>file:line</c>), for error messages and reports.</param>
/// <param name="RemediationAction">The action that fixes a failure, when the check carries one.</param>
public sealed record PolicyCheck(
    string Id,
    string Title,
    string Description,
    string Rationale,
    string Remediation,
    string Severity,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Compliance,
    IReadOnlyDictionary<string, IReadOnlyList<string>> References,
    IRule? Applicability,
    IRule Rule,
    string Location,
    RemediationAction? RemediationAction = null);

namespace Vigil.Policy.Results;

/// <summary>
/// One check's verdict on one host: the evidence record. It names the policy and the exact policy content (hash)
/// it came from, so a stored result can always be traced to what was evaluated.
/// </summary>
/// <param name="Status"><c>pass</c>, <c>fail</c>, <c>not_applicable</c> or <c>error</c> (see <see cref="Model.CheckStatusNames"/>).</param>
/// <param name="Observed">The value that decided the verdict, redacted and bounded in length.</param>
/// <param name="Remediation">How to fix a failure, in words.</param>
/// <param name="RemediationAction">The action that fixes a failure, when the check carries one.</param>
/// <param name="DurationMs">Time spent on the check; sources shared with earlier checks cost nothing again.</param>
public sealed record CheckResult(
    string Check,
    string Policy,
    string Title,
    string Status,
    string Observed,
    string Severity,
    Dictionary<string, List<string>> References,
    Dictionary<string, List<string>> Compliance,
    double DurationMs,
    string Remediation = "",
    Model.RemediationAction? RemediationAction = null);

using System.Diagnostics;
using Vigil.Policy.Model;
using Vigil.Policy.Results;

namespace Vigil.Policy.Evaluation;

/// <summary>
/// Evaluates a policy's checks on the host an <see cref="EvaluationContext"/> reads. Applicability first (the
/// policy's, then the check's platforms and own applicability): when it fails the check is not applicable, when it
/// errors the check is an error. A rule that throws (a bug, an unexpected host state) makes its check an error,
/// never a pass. Observed values are cut to <see cref="MaxObservedChars"/>; the host text in them was
/// redacted by the rules (<see cref="EvaluationContext.Redact"/>).
/// </summary>
public static class PolicyEvaluator
{
    public const int MaxObservedChars = 1024;

    public static PolicyResult Evaluate(PolicyDocument policy, EvaluationContext context)
    {
        var started = context.Time.GetUtcNow();
        context.UsePolicyVariables(policy.Variables);
        RuleOutcome? policyGate = policy.Applicability is { } gate ? Safe(gate, context) : null;
        var results = new List<CheckResult>(policy.Checks.Count);
        foreach (var check in policy.Checks)
        {
            var watch = Stopwatch.StartNew();
            var outcome = Gate(policyGate) ?? (check.Applicability is { } a ? Gate(Safe(a, context)) : null) ?? Safe(check.Rule, context);
            results.Add(new CheckResult(
                check.Id,
                policy.Id,
                check.Title,
                CheckStatusNames.Of(outcome.Status),
                Bound(outcome.Observed),
                check.Severity,
                check.References.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal),
                check.Compliance.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal),
                Math.Round(watch.Elapsed.TotalMilliseconds, 3),
                check.Remediation,
                check.RemediationAction));
            context.BetweenChecks?.Invoke();
        }
        return new PolicyResult(policy.Id, policy.Version, policy.Title, policy.Source, policy.ContentHash,
            context.Facts.GetValueOrDefault("host.name", ""), started, context.Time.GetUtcNow(), results, policy.Untranslated.ToList());
    }

    /// <summary>Null when the gate lets the check run; otherwise the outcome the check takes.</summary>
    private static RuleOutcome? Gate(RuleOutcome? gate) => gate switch
    {
        null => null,
        { Status: CheckStatus.Pass } => null,
        { Status: CheckStatus.Error } g => g,
        { } g => RuleOutcome.NotApplicable($"not applicable: {g.Observed}"),
    };

    private static RuleOutcome Safe(IRule rule, EvaluationContext context)
    {
        try
        {
            return rule.Evaluate(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return RuleOutcome.Error($"{rule.Kind} rule failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Bound(string observed) =>
        observed.Length <= MaxObservedChars ? observed : string.Concat(observed.AsSpan(0, MaxObservedChars - 1), "…");
}

using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Model;

/// <summary>
/// Rules combined with all / any / none. Vigil's semantics (as OVAL's): a decisive verdict wins (one failure fails
/// <c>all</c>, one pass passes <c>any</c>, one pass fails <c>none</c>); otherwise an error makes the whole an error;
/// not-applicable members are left out, and a combination whose members are all not applicable is not applicable.
/// With <see cref="WazuhSemantics"/>, Wazuh SCA's order applies instead: after the decisive verdicts, any
/// not-applicable (Wazuh's "invalid") member makes the whole not applicable.
/// </summary>
public sealed class CombinedRule(Combinator combinator, IReadOnlyList<IRule> rules, bool wazuhSemantics = false) : IRule
{
    public Combinator Combinator { get; } = combinator;
    public IReadOnlyList<IRule> Rules { get; } = rules;
    public bool WazuhSemantics { get; } = wazuhSemantics;

    public string Kind => Combinator switch
    {
        Combinator.All => "all",
        Combinator.Any => "any",
        _ => "none",
    };

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        RuleOutcome? firstError = null, firstNa = null, last = null;
        var applicable = 0;
        foreach (var rule in Rules)
        {
            var outcome = rule.Evaluate(context);
            switch (outcome.Status)
            {
                case CheckStatus.Fail when Combinator == Combinator.All:
                    return outcome;
                case CheckStatus.Pass when Combinator == Combinator.Any:
                    return outcome;
                case CheckStatus.Pass when Combinator == Combinator.None:
                    return RuleOutcome.Fail(outcome.Observed);
                case CheckStatus.Error:
                    firstError ??= outcome;
                    break;
                case CheckStatus.NotApplicable:
                    firstNa ??= outcome;
                    break;
                default:
                    applicable++;
                    last = outcome;
                    break;
            }
        }
        if (firstError is { } error)
        {
            return error;
        }
        if (firstNa is { } na && (WazuhSemantics || applicable == 0))
        {
            return na;
        }
        var observed = last?.Observed ?? "";
        return Combinator == Combinator.Any ? RuleOutcome.Fail(observed) : RuleOutcome.Pass(observed);
    }
}

using Vigil.Policy.Evaluation;
using Vigil.Policy.Model;

namespace Vigil.Policy.Wazuh;

/// <summary>A Wazuh rule whose regex does not compile: Wazuh reports such a rule Invalid, so it is not applicable here too (and the import report lists it).</summary>
public sealed class InvalidRule(string text, string reason) : IRule
{
    public string Kind => "wazuh";

    public RuleOutcome Evaluate(EvaluationContext context) => RuleOutcome.NotApplicable($"invalid rule '{text}': {reason}");
}

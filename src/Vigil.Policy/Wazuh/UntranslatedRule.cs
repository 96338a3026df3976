using Vigil.Policy.Evaluation;
using Vigil.Policy.Model;

namespace Vigil.Policy.Wazuh;

/// <summary>A Wazuh rule Vigil cannot translate: it is listed in the import report and evaluates as an error naming why, never a pass.</summary>
public sealed class UntranslatedRule(string text, string reason) : IRule
{
    public string Reason { get; } = reason;

    public string Kind => "wazuh";

    public RuleOutcome Evaluate(EvaluationContext context) => RuleOutcome.Error($"not translated: '{text}': {Reason}");
}

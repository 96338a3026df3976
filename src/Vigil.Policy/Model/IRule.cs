using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Model;

/// <summary>
/// One rule of a check: a leaf that inspects the host (a file, a sysctl, a package) or a combination of rules.
/// Contract: <see cref="Evaluate"/> never throws for anything the host does (missing file, permission refused,
/// timeout): it returns <see cref="CheckStatus.Error"/> or the verdict the rule kind documents for that case.
/// Rules are immutable once parsed and may be evaluated against many hosts.
/// </summary>
public interface IRule
{
    /// <summary>The rule kind as written in YAML (<c>file</c>, <c>sysctl</c>), or <c>all</c>/<c>any</c>/<c>none</c>.</summary>
    string Kind { get; }

    RuleOutcome Evaluate(EvaluationContext context);
}

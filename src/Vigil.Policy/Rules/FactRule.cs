using Vigil.Policy.Evaluation;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: fact</c>: an inventory fact of the host (see <see cref="Host.HostFacts"/>), mostly for applicability.
/// <code>
/// - kind: fact
///   name: os.id
///   one_of: [debian, ubuntu]     # ValueMatcher keys
/// </code>
/// An unknown fact fails.
/// </summary>
public sealed class FactRule : IRule
{
    public const string Name = "fact";

    private string _fact = "";
    private ValueMatcher _matcher = null!;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var rule = new FactRule { _fact = RuleOptions.Required(map, "name") };
        rule._matcher = ValueMatcher.Parse(map) ?? throw map.Error("name", "needs an expectation: equals, one_of, matches, compare, ...");
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context) =>
        context.Facts.TryGetValue(_fact, out var value)
            ? RuleOutcome.Verdict(_matcher.Matches(value, context.Expand), $"{_fact} = {value}")
            : RuleOutcome.Fail($"{_fact} is unknown on this host");
}

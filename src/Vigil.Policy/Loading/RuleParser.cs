using Vigil.Policy.Model;
using Vigil.Policy.Rules;

namespace Vigil.Policy.Loading;

/// <summary>
/// Turns a YAML rule list into rules. An item is either a rule (<c>kind: file</c> plus that kind's keys) or a
/// combination (<c>all:</c>, <c>any:</c> or <c>none:</c> with a nested list). Unknown kinds, unknown keys and bad
/// values are errors naming file, line and key.
/// </summary>
public static class RuleParser
{
    private static readonly (string Key, Combinator Combinator)[] Combinators =
        [("all", Combinator.All), ("any", Combinator.Any), ("none", Combinator.None)];

    /// <summary>The rules under <paramref name="key"/> combined with <paramref name="combinator"/>; null when the key is absent.</summary>
    public static IRule? ParseList(ConfigMap map, string key, Combinator combinator, bool required)
    {
        var items = map.MapList(key);
        if (items.Count == 0)
        {
            return required ? throw map.Error(key, "needs at least one rule") : null;
        }
        var rules = items.Select(Parse).ToList();
        return rules.Count == 1 && combinator == Combinator.All ? rules[0] : new CombinedRule(combinator, rules);
    }

    public static IRule Parse(ConfigMap item)
    {
        foreach (var (key, combinator) in Combinators)
        {
            if (item.Has(key))
            {
                var children = item.MapList(key);
                if (children.Count == 0)
                {
                    throw item.Error(key, "needs at least one rule");
                }
                var combined = new CombinedRule(combinator, children.Select(Parse).ToList());
                item.RejectUnknownKeys();
                return combined;
            }
        }
        var kind = item.String("kind") ?? throw item.Error("kind", "is required: a rule kind, or all/any/none with a list of rules");
        if (!KnownRuleKinds.All.TryGetValue(kind, out var factory))
        {
            var hint = ConfigUnits.ClosestMatch(kind, KnownRuleKinds.All.Keys) is { } close ? $"did you mean '{close}'? " : "";
            throw item.Error("kind", $"unknown rule kind '{kind}'; {hint}known kinds: {string.Join(", ", KnownRuleKinds.All.Keys.Order(StringComparer.Ordinal))}");
        }
        var rule = factory(item);
        item.RejectUnknownKeys();
        return rule;
    }
}

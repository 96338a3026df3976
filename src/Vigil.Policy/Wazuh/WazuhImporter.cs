using Vigil.Policy.Loading;
using Vigil.Policy.Model;

namespace Vigil.Policy.Wazuh;

/// <summary>
/// Imports a Wazuh SCA policy (4.x or 5.x) so that it runs unchanged with Wazuh's semantics: requirements gate
/// every check (not passed → not applicable), <c>condition</c> all/any/none combines rules Wazuh's way, <c>$var</c>
/// variables are substituted textually, 4.x <c>title</c>, list-form <c>compliance</c>, OSRegex and comma-separated
/// <c>f:</c> lists are understood. Anything that cannot be translated (registry rules, OSRegex escapes Vigil does
/// not know, regexes .NET rejects) is listed in <see cref="PolicyDocument.Untranslated"/> with the reason and
/// evaluates as error or not applicable, never silently skipped. A rule that cannot be read at all is an error
/// naming file, line and key.
/// </summary>
public static class WazuhImporter
{
    public static PolicyDocument Import(ConfigMap root, string file, string hash)
    {
        var policy = root.Map("policy") ?? throw root.Error("policy", "expected a mapping with id and name");
        var id = Vigil.Policy.Rules.RuleOptions.Required(policy, "id");
        var checks = root.MapList("checks");
        var legacy = IsLegacy(root, checks);
        var variables = new List<(string Name, string Value)>();
        if (root.Map("variables") is { } vars)
        {
            foreach (var name in vars.Keys.ToList())
            {
                variables.Add((name.StartsWith('$') ? name : "$" + name, vars.String(name) ?? ""));
            }
        }
        variables.Sort((a, b) => b.Name.Length.CompareTo(a.Name.Length)); // $sshd_file before $sshd
        var untranslated = new List<string>();
        var defaultOsRegex = legacy && root.String("regex_type", "osregex") != "pcre2";
        IRule? requirements = null;
        if (root.Map("requirements") is { } req)
        {
            requirements = Rules(req, file, "requirements", variables, defaultOsRegex, legacy, untranslated);
        }
        var parsed = new List<PolicyCheck>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            var checkId = Vigil.Policy.Rules.RuleOptions.Required(check, "id");
            if (!seen.Add(checkId))
            {
                throw check.Error("id", $"duplicate check id {checkId}");
            }
            var osRegex = legacy && check.String("regex_type", defaultOsRegex ? "osregex" : "pcre2") != "pcre2";
            var line = check.Error("id", "").Line;
            var references = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["wazuh"] = [checkId] };
            if (check.Has("references"))
            {
                references["url"] = check.StringList("references", []);
            }
            parsed.Add(new PolicyCheck(
                checkId,
                check.String("name") ?? check.String("title") ?? throw check.Error("name", "is required"),
                check.String("description", ""),
                check.String("rationale", ""),
                check.String("remediation", ""),
                "medium",
                Compliance(check),
                references,
                null,
                Rules(check, file, $"check {checkId}", variables, osRegex, legacy, untranslated),
                $"{file}:{line}"));
        }
        if (parsed.Count == 0)
        {
            throw root.Error("checks", "a policy needs at least one check");
        }
        return new PolicyDocument(
            id,
            legacy ? "wazuh-sca-4" : "wazuh-sca-5",
            policy.String("name", id),
            policy.String("description", ""),
            file,
            hash,
            requirements,
            new Dictionary<string, string>(),
            parsed,
            untranslated);
    }

    private static bool IsLegacy(ConfigMap root, IReadOnlyList<ConfigMap> checks) =>
        root.Has("regex_type")
        || root.Map("requirements")?.Has("title") == true
        || checks.Any(c => c.Has("title") && !c.Has("name") || c.Has("regex_type") || IsList(c, "compliance"));

    private static bool IsList(ConfigMap map, string key)
    {
        try
        {
            map.Map(key);
            return false;
        }
        catch (ConfigException)
        {
            return true;
        }
    }

    private static CombinedRule Rules(ConfigMap map, string file, string what, List<(string Name, string Value)> variables, bool osRegex, bool legacy, List<string> untranslated)
    {
        var combinator = Vigil.Policy.Rules.RuleOptions.OneOf(map, "condition", "all", "all", "any", "none") switch
        {
            "any" => Combinator.Any,
            "none" => Combinator.None,
            _ => Combinator.All,
        };
        var texts = map.StringList("rules", []);
        if (texts.Count == 0)
        {
            throw map.Error("rules", "needs at least one rule");
        }
        var rules = new List<IRule>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i];
            foreach (var (name, value) in variables)
            {
                text = text.Replace(name, value, StringComparison.Ordinal);
            }
            try
            {
                rules.Add(WazuhRuleParser.Parse(text, osRegex, legacy, out var problem));
                if (problem is not null)
                {
                    var at = map.Error("rules", "");
                    untranslated.Add($"{file}:{at.Line}: {what}: rules[{i}]: {problem}");
                }
            }
            catch (FormatException e)
            {
                throw map.Error("rules", $"rule {i + 1}: {e.Message}");
            }
        }
        return new CombinedRule(combinator, rules, wazuhSemantics: true);
    }

    private static SortedDictionary<string, IReadOnlyList<string>> Compliance(ConfigMap check)
    {
        var result = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (IsList(check, "compliance"))
        {
            foreach (var item in check.MapList("compliance"))
            {
                foreach (var key in item.Keys.ToList())
                {
                    result[key] = item.StringList(key, []);
                }
            }
        }
        else
        {
            foreach (var (key, values) in PolicyLoader.ListMap(check, "compliance"))
            {
                result[key] = values;
            }
        }
        if (check.Map("mitre") is { } mitre)
        {
            foreach (var part in mitre.Keys.ToList())
            {
                if (mitre.Map(part) is { } block && block.Has("id"))
                {
                    result["mitre_" + part] = block.StringList("id", []);
                }
            }
        }
        return result;
    }
}

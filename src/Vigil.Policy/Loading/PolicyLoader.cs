using System.Security.Cryptography;
using System.Text;
using Vigil.Policy.Model;
using Vigil.Policy.Wazuh;

namespace Vigil.Policy.Loading;

/// <summary>
/// Reads a policy file: Vigil's own format (documented in docs/compliance.md, schema in
/// schemas/policy.schema.json) or, recognised by its top-level <c>policy:</c> mapping, a Wazuh SCA policy, which
/// is imported. Every problem is a <see cref="ConfigException"/> naming file, line and key; nothing is half-loaded.
/// </summary>
public static class PolicyLoader
{
    public static readonly string[] Severities = ["info", "low", "medium", "high", "critical"];

    public static PolicyDocument LoadFile(string path) => Load(path, File.ReadAllText(path));

    public static PolicyDocument Load(string file, string yaml)
    {
        var root = ConfigMap.Parse(file, yaml);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        if (root.Has("policy") && !root.Has("id"))
        {
            return WazuhImporter.Import(root, file, hash);
        }
        var id = Rules.RuleOptions.Required(root, "id");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Map("variables") is { } vars)
        {
            foreach (var key in vars.Keys.ToList())
            {
                variables[key] = vars.String(key) ?? "";
            }
        }
        var platforms = new Dictionary<string, IRule>(StringComparer.Ordinal);
        if (root.Map("platforms") is { } defs)
        {
            foreach (var name in defs.Keys.ToList())
            {
                platforms[name] = RuleParser.ParseList(defs, name, Combinator.All, required: true)!;
            }
        }
        var applicability = RuleParser.ParseList(root, "applicability", Combinator.All, required: false);
        var checks = new List<PolicyCheck>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in root.MapList("checks"))
        {
            var parsed = ParseCheck(check, file, platforms);
            if (!seen.Add(parsed.Id))
            {
                throw check.Error("id", $"duplicate check id '{parsed.Id}'");
            }
            checks.Add(parsed);
        }
        if (checks.Count == 0)
        {
            throw root.Error("checks", "a policy needs at least one check");
        }
        var document = new PolicyDocument(
            id,
            root.String("version", "1"),
            root.String("title", id),
            root.String("description", ""),
            file,
            hash,
            applicability,
            variables,
            checks,
            []);
        root.RejectUnknownKeys();
        return document;
    }

    private static PolicyCheck ParseCheck(ConfigMap check, string file, Dictionary<string, IRule> platforms)
    {
        var id = Rules.RuleOptions.Required(check, "id");
        var line = check.Error("id", "").Line;
        var condition = Rules.RuleOptions.OneOf(check, "condition", "all", "all", "any", "none") switch
        {
            "any" => Combinator.Any,
            "none" => Combinator.None,
            _ => Combinator.All,
        };
        var applicable = new List<IRule>();
        foreach (var name in check.StringList("platform", []))
        {
            applicable.Add(platforms.TryGetValue(name, out var p)
                ? p
                : throw check.Error("platform", $"unknown platform '{name}'; defined: {string.Join(", ", platforms.Keys)}"));
        }
        if (RuleParser.ParseList(check, "applicability", Combinator.All, required: false) is { } own)
        {
            applicable.Add(own);
        }
        var rule = condition == Combinator.All
            ? RuleParser.ParseList(check, "rules", condition, required: true)!
            : new CombinedRule(condition, check.MapList("rules").Select(RuleParser.Parse).ToList());
        var parsed = new PolicyCheck(
            id,
            Rules.RuleOptions.Required(check, "title"),
            check.String("description", ""),
            check.String("rationale", ""),
            check.String("remediation", ""),
            Rules.RuleOptions.OneOf(check, "severity", "medium", Severities),
            ListMap(check, "compliance"),
            ListMap(check, "references"),
            applicable.Count switch { 0 => null, 1 => applicable[0], _ => new CombinedRule(Combinator.All, applicable) },
            rule,
            $"{file}:{line}",
            RemediationParser.Parse(check));
        check.RejectUnknownKeys();
        return parsed;
    }

    /// <summary>A mapping of lists such as <c>references: {ssg: [rule_a, rule_b]}</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ListMap(ConfigMap map, string key)
    {
        var result = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (map.Map(key) is { } m)
        {
            foreach (var k in m.Keys.ToList())
            {
                result[k] = m.StringList(k, []);
            }
        }
        return result;
    }
}

using System.Globalization;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: users</c> / <c>kind: groups</c>: facts about accounts (/etc/passwd joined with /etc/shadow) or groups.
/// <code>
/// - kind: users
///   where: {uid: {equals: "0"}}      # field → ValueMatcher; rows where every one holds are selected
///   expect: only                     # none (no row selected) | some (at least one) | only (selected ⊆ allowed) | all (every row selected)
///   allowed: [root]
/// </code>
/// User fields: name, uid, gid, home, shell, login_shell (true/false), password (set, locked, empty, none),
/// last_change, min_days, max_days, warn_days, inactive, expire. Group fields: name, gid, members.
/// A rule about shadow fields is an error when /etc/shadow cannot be read.
/// </summary>
public sealed class UsersRule : IRule
{
    public const string UsersName = "users";
    public const string GroupsName = "groups";

    private static readonly string[] ShadowFields = ["password", "last_change", "min_days", "max_days", "warn_days", "inactive", "expire"];
    private static readonly string[] UserFields = ["name", "uid", "gid", "home", "shell", "login_shell", .. ShadowFields];
    private static readonly string[] GroupFields = ["name", "gid", "members"];

    private bool _groups;
    private List<(string Field, ValueMatcher Matcher)> _where = [];
    private string _expect = "";
    private IReadOnlyList<string> _allowed = [];

    public string Kind => _groups ? GroupsName : UsersName;

    public static IRule ParseUsers(ConfigMap map) => Parse(map, groups: false);

    public static IRule ParseGroups(ConfigMap map) => Parse(map, groups: true);

    private static UsersRule Parse(ConfigMap map, bool groups)
    {
        var rule = new UsersRule
        {
            _groups = groups,
            _expect = RuleOptions.OneOf(map, "expect", "none", "none", "some", "only", "all"),
            _allowed = map.StringList("allowed", []),
        };
        if (map.Map("where") is { } where)
        {
            var fields = groups ? GroupFields : UserFields;
            foreach (var field in where.Keys.ToList())
            {
                if (!fields.Contains(field, StringComparer.Ordinal))
                {
                    throw where.KeyError(field, $"unknown field; fields here: {string.Join(", ", fields)}");
                }
                ValueMatcher matcher;
                if (RuleOptions.IsScalar(where, field))
                {
                    matcher = ValueMatcher.Equal(where.String(field) ?? "");
                }
                else
                {
                    var m = where.Map(field)!;
                    matcher = ValueMatcher.Parse(m) ?? throw where.Error(field, "needs an expectation: equals, one_of, compare, ...");
                    m.RejectUnknownKeys();
                }
                rule._where.Add((field, matcher));
            }
        }
        if (rule._expect == "only" && !map.Has("allowed"))
        {
            throw map.Error("allowed", "is required with expect: only");
        }
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var needsShadow = _where.Any(w => ShadowFields.Contains(w.Field, StringComparer.Ordinal));
        if (needsShadow && context.ShadowProblem is { } problem)
        {
            return RuleOutcome.Error($"/etc/shadow: {problem}");
        }
        var rows = _groups ? GroupRows(context) : UserRows(context);
        var selected = rows.Where(r => _where.All(w => w.Matcher.Matches(r.Fields.GetValueOrDefault(w.Field) ?? "", context.Expand))).Select(r => r.Name).ToList();
        var shown = selected.Count == 0 ? "none" : string.Join(", ", selected.Take(20)) + (selected.Count > 20 ? $" and {selected.Count - 20} more" : "");
        var what = _where.Count == 0 ? Kind : $"{Kind} where {string.Join(", ", _where.Select(w => $"{w.Field} {w.Matcher}"))}";
        return _expect switch
        {
            "none" => RuleOutcome.Verdict(selected.Count == 0, $"{what}: {shown}"),
            "some" => RuleOutcome.Verdict(selected.Count > 0, $"{what}: {shown}"),
            "all" => RuleOutcome.Verdict(selected.Count == rows.Count, $"{what}: {selected.Count} of {rows.Count}" + (selected.Count == rows.Count ? "" : $"; not: {string.Join(", ", rows.Select(r => r.Name).Except(selected).Take(20))}")),
            _ => RuleOutcome.Verdict(selected.All(_allowed.Contains), $"{what}: {shown}"),
        };
    }

    private static List<(string Name, Dictionary<string, string> Fields)> UserRows(EvaluationContext context)
    {
        var rows = new List<(string, Dictionary<string, string>)>();
        foreach (var u in context.Users)
        {
            var f = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = u.Name,
                ["uid"] = u.Uid.ToString(CultureInfo.InvariantCulture),
                ["gid"] = u.Gid.ToString(CultureInfo.InvariantCulture),
                ["home"] = u.Home,
                ["shell"] = u.Shell,
                ["login_shell"] = u.HasLoginShell ? "true" : "false",
            };
            if (context.Shadow.TryGetValue(u.Name, out var s))
            {
                f["password"] = s.Password;
                f["last_change"] = s.LastChange;
                f["min_days"] = s.MinDays;
                f["max_days"] = s.MaxDays;
                f["warn_days"] = s.WarnDays;
                f["inactive"] = s.Inactive;
                f["expire"] = s.Expire;
            }
            rows.Add((u.Name, f));
        }
        return rows;
    }

    private static List<(string Name, Dictionary<string, string> Fields)> GroupRows(EvaluationContext context) =>
        context.Groups.Select(g => (g.Name, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = g.Name,
            ["gid"] = g.Gid.ToString(CultureInfo.InvariantCulture),
            ["members"] = g.Members,
        })).ToList();
}

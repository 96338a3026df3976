using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: config</c>: the value a configuration file gives a key, the way the program reading it decides.
/// <code>
/// - kind: config
///   format: sshd          # sshd (first match wins, Include, Match blocks), keyvalue (last wins), ini (with section), sysctl
///   path: /etc/ssh/sshd_config
///   key: PermitRootLogin
///   equals: "no"          # any ValueMatcher keys: equals, one_of, matches, compare, version, ...
///   default: prohibit-password   # the value the program assumes when no file sets the key
///   missing: fail         # verdict when the key is set nowhere and there is no default (default fail)
/// </code>
/// With <c>format: sysctl</c> and no path, the whole sysctl.d set is read and the last assignment wins.
/// A file that is absent counts as setting nothing; one that cannot be read is an error.
/// </summary>
public sealed class ConfigRule : IRule
{
    public const string Name = "config";

    private string _format = "";
    private string? _path;
    private string _key = "";
    private string? _section;
    private string? _default;
    private ValueMatcher _matcher = null!;
    private CheckStatus _missing;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var rule = new ConfigRule
        {
            _format = RuleOptions.OneOf(map, "format", "keyvalue", "sshd", "keyvalue", "ini", "sysctl"),
            _path = map.String("path"),
            _key = RuleOptions.Required(map, "key"),
            _section = map.String("section"),
            _default = map.String("default"),
            _missing = RuleOptions.Missing(map, CheckStatus.Fail),
        };
        rule._matcher = ValueMatcher.Parse(map) ?? throw map.Error("key", "needs an expectation: equals, one_of, matches, compare, ...");
        if (rule._path is null && rule._format != "sysctl")
        {
            throw map.Error("path", "is required");
        }
        if (rule._section is not null && rule._format != "ini")
        {
            throw map.Error("section", "only applies to format: ini");
        }
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        ConfigEntry? entry;
        string? problem = null;
        var path = _path is null ? null : context.Expand(_path);
        switch (_format)
        {
            case "sshd":
                entry = SshdConfig.Find(context, path!, _key, out problem);
                break;
            case "sysctl" when path is null:
                var all = context.Sysctl.Of(_key);
                entry = all.Count == 0 ? null : new ConfigEntry(_key, all[^1].Value, all[^1].File, 0);
                break;
            default:
                entry = null;
                foreach (var file in PathGlob.Expand(context, path!))
                {
                    var text = context.ReadText(file);
                    if (text.Text is null)
                    {
                        if (!text.Missing)
                        {
                            problem ??= $"{file}: {text.Problem}";
                        }
                        continue;
                    }
                    entry = KeyValueConfig.Find(file, text.Text, _format == "sysctl" ? SysctlSettings.Normalise(_key) : _key, _section, ignoreKeyCase: false) ?? entry;
                }
                break;
        }
        if (problem is not null && entry is null)
        {
            return RuleOutcome.Error(problem);
        }
        if (entry is null)
        {
            return _default is null
                ? new RuleOutcome(_missing, $"{_key} is not set in {path ?? "sysctl.d"}")
                : RuleOutcome.Verdict(_matcher.Matches(_default, context.Expand), $"{_key} is not set; the default is {_default}");
        }
        var where = entry.Line > 0 ? $"{entry.File}:{entry.Line}" : entry.File;
        return RuleOutcome.Verdict(_matcher.Matches(entry.Value, context.Expand), $"{where}: {context.Redact($"{entry.Key}={entry.Value}").Replace("=", " ", StringComparison.Ordinal)}");
    }
}

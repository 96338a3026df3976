using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: file</c>: a file's existence, type, mode, owner, group and content.
/// <code>
/// - kind: file
///   path: /etc/ssh/sshd_config.d/*.conf   # wildcards allowed; every match must satisfy
///   exists: true          # optional: true requires it, false requires its absence
///   type: file            # file | directory | any (default any)
///   mode_max: "0600"      # no permission bit beyond these; mode: exact
///   owner: root           # names or ids, one or a list
///   group: [root, shadow]
///   contains: '^\s*Protocol\s+2'   # see ContentCheck for contains / not_contains / value
///   missing: pass         # verdict when absent
/// </code>
/// When the file is absent and <c>exists</c> is not given, the verdict is <c>missing</c>: by default pass for a rule
/// about mode/owner/group only (as OpenSCAP: a permission rule on an absent file passes) and fail for a rule about
/// content.
/// </summary>
public sealed class FileRule : IRule
{
    public const string Name = "file";

    private string _path = "";
    private bool? _exists;
    private string _type = "any";
    private FileAttributesCheck _attributes = null!;
    private ContentCheck _content = null!;
    private CheckStatus _missing;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var rule = new FileRule
        {
            _path = RuleOptions.Required(map, "path"),
            _exists = map.Has("exists") ? map.Bool("exists", true) : null,
            _type = RuleOptions.OneOf(map, "type", "any", "file", "directory", "any"),
            _attributes = FileAttributesCheck.Parse(map),
            _content = ContentCheck.Parse(map),
        };
        rule._missing = RuleOptions.Missing(map, rule._exists == true || !rule._content.IsEmpty ? CheckStatus.Fail : CheckStatus.Pass);
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var pattern = context.Expand(_path);
        var paths = PathGlob.Expand(context, pattern);
        if (paths.Count == 0)
        {
            return Absent(pattern);
        }
        RuleOutcome? last = null;
        foreach (var path in paths)
        {
            var outcome = One(context, path);
            if (outcome.Status != CheckStatus.Pass)
            {
                return outcome;
            }
            last = outcome;
        }
        return last!.Value;
    }

    private RuleOutcome One(EvaluationContext context, string path)
    {
        var errno = context.Stat(path, out var status);
        if (errno is UnixStat.ENOENT or UnixStat.ENOTDIR)
        {
            return Absent(path);
        }
        if (errno != 0)
        {
            return RuleOutcome.Error($"{path}: cannot stat (errno {errno})");
        }
        if (_exists == false)
        {
            return RuleOutcome.Fail($"{path}: present ({FileAttributesCheck.Describe(context, status)})");
        }
        if (_type == "file" && !status.IsRegularFile || _type == "directory" && !status.IsDirectory)
        {
            return RuleOutcome.Fail($"{path}: not a {_type}");
        }
        if (_attributes.Mismatch(context, status) is { } mismatch)
        {
            return RuleOutcome.Fail($"{path}: {mismatch}");
        }
        if (_content.IsEmpty)
        {
            return RuleOutcome.Pass($"{path}: {FileAttributesCheck.Describe(context, status)}");
        }
        var text = context.ReadText(path);
        return text.Text is null ? RuleOutcome.Error($"{path}: {text.Problem}") : _content.Evaluate(path, text.Text, context.Redact);
    }

    private RuleOutcome Absent(string path) => _exists switch
    {
        false => RuleOutcome.Pass($"{path}: absent"),
        true => RuleOutcome.Fail($"{path}: absent"),
        _ => new RuleOutcome(_missing, $"{path}: absent"),
    };
}

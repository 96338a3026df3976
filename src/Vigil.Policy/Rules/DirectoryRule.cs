using System.Text.RegularExpressions;
using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: directory</c>: the entries of a directory, selected by name, and what must hold for them.
/// <code>
/// - kind: directory
///   path: /etc/ssh
///   recursive: false
///   name: '^ssh_host_.*_key$'    # regex on the entry name (default: every entry)
///   type: file                   # file | directory | any
///   expect: all                  # all (every selected entry meets mode/owner/group/content), some, none
///   mode_max: "0600"
///   owner: root
///   contains: '...'              # with expect: some/none, selects by content as well
///   missing: pass                # verdict when the directory is absent (default pass)
/// </code>
/// Symbolic links are not followed.
/// </summary>
public sealed class DirectoryRule : IRule
{
    public const string Name = "directory";
    private const int MaxEntries = 100_000;

    private string _path = "";
    private bool _recursive;
    private Regex? _name;
    private string _type = "";
    private string _expect = "";
    private FileAttributesCheck _attributes = null!;
    private ContentCheck _content = null!;
    private CheckStatus _missing;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var rule = new DirectoryRule
        {
            _path = RuleOptions.Required(map, "path"),
            _recursive = map.Bool("recursive", false),
            _type = RuleOptions.OneOf(map, "type", "any", "file", "directory", "any"),
            _expect = RuleOptions.OneOf(map, "expect", "all", "all", "some", "none"),
            _attributes = FileAttributesCheck.Parse(map),
            _content = ContentCheck.Parse(map),
            _missing = RuleOptions.Missing(map, CheckStatus.Pass),
        };
        if (map.String("name") is { } re)
        {
            rule._name = PolicyRegex.Compile(map, "name", re);
        }
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var path = context.Expand(_path).TrimEnd('/');
        var root = context.Resolve(path);
        if (!Directory.Exists(root))
        {
            return new RuleOutcome(_missing, $"{path}: absent");
        }
        var options = new EnumerationOptions { RecurseSubdirectories = _recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var selected = 0;
        try
        {
            foreach (var full in Directory.EnumerateFileSystemEntries(root, "*", options).Take(MaxEntries))
            {
                var hostPath = path + full[root.Length..];
                if (_name is not null && !_name.IsMatch(Path.GetFileName(full)))
                {
                    continue;
                }
                if (context.Stat(hostPath, out var status) != 0
                    || _type == "file" && !status.IsRegularFile || _type == "directory" && !status.IsDirectory)
                {
                    continue;
                }
                var verdict = EntryVerdict(context, hostPath, status);
                if (verdict.Status == CheckStatus.Error)
                {
                    return verdict;
                }
                var meets = verdict.Status == CheckStatus.Pass;
                switch (_expect)
                {
                    case "all" when !meets:
                        return RuleOutcome.Fail(verdict.Observed);
                    case "some" when meets:
                        return RuleOutcome.Pass(verdict.Observed);
                    case "none" when meets:
                        return RuleOutcome.Fail(verdict.Observed);
                }
                selected++;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return RuleOutcome.Error($"{path}: name regex timed out");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RuleOutcome.Error($"{path}: {e.Message}");
        }
        var what = _name is null ? "entries" : $"entries matching /{_name}/";
        return _expect switch
        {
            "some" => RuleOutcome.Fail($"{path}: no {what} qualify ({selected} examined)"),
            "none" => RuleOutcome.Pass($"{path}: none of {selected} {what} qualify"),
            _ => RuleOutcome.Pass($"{path}: all {selected} {what} qualify"),
        };
    }

    private RuleOutcome EntryVerdict(EvaluationContext context, string hostPath, FileStatus status)
    {
        if (_attributes.Mismatch(context, status) is { } mismatch)
        {
            return RuleOutcome.Fail($"{hostPath}: {mismatch}");
        }
        if (_content.IsEmpty || !status.IsRegularFile)
        {
            return RuleOutcome.Pass($"{hostPath}: {FileAttributesCheck.Describe(context, status)}");
        }
        var text = context.ReadText(hostPath);
        return text.Text is null ? RuleOutcome.Error($"{hostPath}: {text.Problem}") : _content.Evaluate(hostPath, text.Text, context.Redact);
    }
}

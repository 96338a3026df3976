using Vigil.Policy.Evaluation;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: mount</c>: whether a path is a mount point of its own, and its options (<c>/proc/1/mountinfo</c>).
/// <code>
/// - kind: mount
///   path: /tmp
///   options: [nodev, nosuid]      # every one present
///   absent_options: [exec]        # none present
///   missing: fail                 # verdict when the path is not a mount point (default fail)
/// </code>
/// The last mount on a path is the one in force.
/// </summary>
public sealed class MountRule : IRule
{
    public const string Name = "mount";

    private string _path = "";
    private IReadOnlyList<string> _options = [];
    private IReadOnlyList<string> _absent = [];
    private CheckStatus _missing;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map) => new MountRule
    {
        _path = RuleOptions.Required(map, "path").TrimEnd('/') is { Length: > 0 } p ? p : "/",
        _options = map.StringList("options", []),
        _absent = map.StringList("absent_options", []),
        _missing = RuleOptions.Missing(map, CheckStatus.Fail),
    };

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var path = context.Expand(_path);
        var mount = context.Mounts.LastOrDefault(m => m.MountPoint == path);
        if (mount is null)
        {
            return new RuleOutcome(_missing, $"{path} is not a separate mount");
        }
        var options = mount.AllOptions.Split(',');
        var observed = $"{path}: {mount.FsType} {mount.AllOptions}";
        if (_options.FirstOrDefault(o => !options.Contains(o, StringComparer.Ordinal)) is { } lacking)
        {
            return RuleOutcome.Fail($"{observed} (no {lacking})");
        }
        if (_absent.FirstOrDefault(o => options.Contains(o, StringComparer.Ordinal)) is { } present)
        {
            return RuleOutcome.Fail($"{observed} (has {present})");
        }
        return RuleOutcome.Pass(observed);
    }
}

using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: filesystem</c>: a property no file of a whole tree may have, found in one walk shared by every such
/// rule of the evaluation (see <see cref="FileWalker"/>).
/// <code>
/// - kind: filesystem
///   path: /                          # default /
///   find: world_writable_files       # world_writable_files | world_writable_dirs_without_sticky |
///                                    # world_writable_dirs_not_root_owned | unowned | ungrouped | setuid | setgid
///   allowed: [/usr/bin/passwd]       # entries tolerated
/// </code>
/// Passes when no entry has the property.
/// </summary>
public sealed class FilesystemRule : IRule
{
    public const string Name = "filesystem";

    private static readonly string[] Findings =
        ["world_writable_files", "world_writable_dirs_without_sticky", "world_writable_dirs_not_root_owned", "unowned", "ungrouped", "setuid", "setgid"];

    private string _path = "";
    private string _find = "";
    private HashSet<string> _allowed = [];

    public string Kind => Name;

    public static IRule Parse(ConfigMap map) => new FilesystemRule
    {
        _path = map.String("path", "/"),
        _find = map.Has("find") ? RuleOptions.OneOf(map, "find", "", Findings) : throw map.Error("find", $"is required: one of {string.Join(", ", Findings)}"),
        _allowed = map.StringList("allowed", []).ToHashSet(StringComparer.Ordinal),
    };

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var root = context.Expand(_path);
        Func<WalkEntry, bool> has = _find switch
        {
            "world_writable_files" => e => e.IsRegularFile && (e.Mode & 0x2) != 0,
            "world_writable_dirs_without_sticky" => e => e.IsDirectory && (e.Mode & 0x2) != 0 && (e.Mode & 0x200) == 0,
            "world_writable_dirs_not_root_owned" => e => e.IsDirectory && (e.Mode & 0x2) != 0 && e.Uid != 0,
            "unowned" => e => !context.Users.Any(u => u.Uid == e.Uid),
            "ungrouped" => e => !context.Groups.Any(g => g.Gid == e.Gid),
            "setuid" => e => e.IsRegularFile && (e.Mode & 0x800) != 0,
            _ => e => e.IsRegularFile && (e.Mode & 0x400) != 0,
        };
        var found = context.Walk(root).Where(e => has(e) && !_allowed.Contains(e.Path)).Select(e => e.Path).ToList();
        var what = _find.Replace('_', ' ');
        return found.Count == 0
            ? RuleOutcome.Pass($"no {what} under {root}")
            : RuleOutcome.Fail($"{found.Count} {what} under {root}: {string.Join(", ", found.Take(10))}{(found.Count > 10 ? ", ..." : "")}");
    }
}

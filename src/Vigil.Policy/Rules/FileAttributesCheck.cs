using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Rules;

/// <summary>
/// Mode, owner and group expectations shared by the file and directory rules. <c>mode_max</c> is OpenSCAP's
/// reading of "0644 or stricter": no permission bit beyond those given (so 0600 satisfies 0644, 0664 does not);
/// <c>mode</c> is exact.
/// </summary>
public sealed record FileAttributesCheck(uint? ModeMax, uint? Mode, IReadOnlyList<string>? Owner, IReadOnlyList<string>? Group)
{
    public static readonly string[] Keys = ["mode_max", "mode", "owner", "group"];

    public bool IsEmpty => ModeMax is null && Mode is null && Owner is null && Group is null;

    public static FileAttributesCheck Parse(ConfigMap map) => new(
        RuleOptions.Mode(map, "mode_max"),
        RuleOptions.Mode(map, "mode"),
        map.Has("owner") ? map.StringList("owner", []) : null,
        map.Has("group") ? map.StringList("group", []) : null);

    /// <summary>Null when every expectation holds, else what differs ("mode 0664 exceeds 0644").</summary>
    public string? Mismatch(EvaluationContext context, FileStatus status)
    {
        var bits = status.Mode & 0xFFF;
        if (ModeMax is { } max && (bits & ~max) != 0)
        {
            return $"mode {RuleOptions.FormatMode(bits)} exceeds {RuleOptions.FormatMode(max)}";
        }
        if (Mode is { } exact && bits != exact)
        {
            return $"mode {RuleOptions.FormatMode(bits)} is not {RuleOptions.FormatMode(exact)}";
        }
        if (Owner is { } owner && !Ownership.UserMatches(context, owner, status.Uid))
        {
            return $"owner {Ownership.UserName(context, status.Uid)} is not {string.Join(" or ", owner)}";
        }
        if (Group is { } group && !Ownership.GroupMatches(context, group, status.Gid))
        {
            return $"group {Ownership.GroupName(context, status.Gid)} is not {string.Join(" or ", group)}";
        }
        return null;
    }

    public static string Describe(EvaluationContext context, FileStatus status) =>
        $"mode {RuleOptions.FormatMode(status.Mode)} owner {Ownership.UserName(context, status.Uid)} group {Ownership.GroupName(context, status.Gid)}";
}

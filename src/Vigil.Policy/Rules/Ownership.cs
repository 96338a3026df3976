using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Rules;

/// <summary>Owner and group expectations written as names or ids (<c>owner: [root, 0]</c>), resolved against the host's own passwd and group.</summary>
public static class Ownership
{
    public static string UserName(EvaluationContext context, uint uid) =>
        context.Users.FirstOrDefault(u => u.Uid == uid)?.Name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string GroupName(EvaluationContext context, uint gid) =>
        context.Groups.FirstOrDefault(g => g.Gid == gid)?.Name ?? gid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool UserMatches(EvaluationContext context, IReadOnlyList<string> expected, uint uid) =>
        expected.Any(e => RuleOptions.TryId(e, out var id) ? id == uid : context.Users.Any(u => u.Name == e && u.Uid == uid));

    public static bool GroupMatches(EvaluationContext context, IReadOnlyList<string> expected, uint gid) =>
        expected.Any(e => RuleOptions.TryId(e, out var id) ? id == gid : context.Groups.Any(g => g.Name == e && g.Gid == gid));
}

using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Policy.Matching;

namespace Vigil.Policy.Wazuh;

/// <summary>
/// One minterm of a Wazuh SCA pattern: <c>r:REGEX</c> (case-insensitive), <c>n:REGEX compare OP N</c> (first capture
/// group as an integer), or a literal (whole-line equality); <c>!</c> in front negates it.
/// </summary>
public sealed record WazuhMinterm(bool Negated, Regex? Regex, NumericComparison? Compare, string? Literal)
{
    public bool Matches(string line)
    {
        bool hit;
        if (Literal is not null)
        {
            hit = line == Literal;
        }
        else if (Compare is not null)
        {
            var m = Regex!.Match(line);
            hit = m.Success && m.Groups.Count > 1
                && long.TryParse(m.Groups[1].Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && Compare.Matches(n.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            hit = Regex!.IsMatch(line);
        }
        return hit != Negated;
    }

    public override string ToString() =>
        (Negated ? "!" : "") + (Literal ?? (Compare is not null ? $"n:{Regex} compare {Compare}" : $"r:{Regex}"));
}

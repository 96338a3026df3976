namespace Vigil.Policy.Wazuh;

/// <summary>
/// A Wazuh SCA content pattern, minterms joined by <c>&amp;&amp;</c>: found when one line satisfies every minterm
/// (negated ones must not match that line). A pattern made of one negated minterm is found only when no line
/// matches it.
/// </summary>
public sealed record WazuhPattern(IReadOnlyList<WazuhMinterm> Minterms)
{
    /// <summary>The first line that makes the pattern found, or null; for the single-negation form, "" when found.</summary>
    public string? FindIn(IReadOnlyList<string> lines)
    {
        if (Minterms.Count == 1 && Minterms[0].Negated)
        {
            var positive = Minterms[0] with { Negated = false };
            return lines.Any(positive.Matches) ? null : "";
        }
        foreach (var line in lines)
        {
            if (Minterms.All(m => m.Matches(line)))
            {
                return line;
            }
        }
        return null;
    }

    public override string ToString() => string.Join(" && ", Minterms);
}

namespace Vigil.Agent.Collectors.Users;

/// <summary>
/// What the agent may say about an /etc/shadow entry. The hash itself is never turned into a string: only
/// its shape is classified, so no password material can reach a record, a log or the spool.
/// </summary>
/// <param name="Password"><c>set</c>, <c>locked</c> (a hash behind '!'), <c>empty</c> (no password needed) or <c>none</c> (no password can work: "*", "!", "!!", "!*").</param>
/// <param name="LastChangeDays">Days since 1970-01-01 of the last password change, or null when the field is empty.</param>
public sealed record ShadowFacts(string Password, string? LastChangeDays)
{
    public static Dictionary<string, ShadowFacts> ParseAll(ReadOnlySpan<char> text)
    {
        var facts = new Dictionary<string, ShadowFacts>(StringComparer.Ordinal);
        Span<Range> f = stackalloc Range[10];
        foreach (var line in text.EnumerateLines())
        {
            if (line.IsEmpty || line[0] == '#' || line.Split(f, ':') < 3 || line[f[0]].IsEmpty)
            {
                continue;
            }
            var lastChange = line[f[2]].Trim();
            facts[line[f[0]].ToString()] = new ShadowFacts(Classify(line[f[1]]), lastChange.IsEmpty ? null : lastChange.ToString());
        }
        return facts;
    }

    public static string Classify(ReadOnlySpan<char> hash)
    {
        if (hash.IsEmpty)
        {
            return "empty";
        }
        if (hash[0] == '!')
        {
            var rest = hash.TrimStart('!');
            return rest.IsEmpty || rest is "*" ? "none" : "locked";
        }
        // "*" and anything that cannot be a crypt(3) result (no valid hash contains '*' or starts that way) never matches.
        return hash[0] == '*' ? "none" : "set";
    }
}

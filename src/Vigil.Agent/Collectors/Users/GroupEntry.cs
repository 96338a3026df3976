using System.Globalization;

namespace Vigil.Agent.Collectors.Users;

/// <summary>One line of /etc/group: <c>name:password:gid:member,member</c>.</summary>
public sealed record GroupEntry(string Name, uint Gid, string Members)
{
    public static List<GroupEntry> ParseAll(ReadOnlySpan<char> text)
    {
        var entries = new List<GroupEntry>();
        Span<Range> f = stackalloc Range[5];
        foreach (var line in text.EnumerateLines())
        {
            if (line.IsEmpty || line[0] is '#' or '+' or '-' || line.Split(f, ':') != 4 || line[f[0]].IsEmpty
                || !uint.TryParse(line[f[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                continue;
            }
            entries.Add(new GroupEntry(line[f[0]].ToString(), gid, line[f[3]].Trim().ToString()));
        }
        return entries;
    }
}

using System.Globalization;

namespace Vigil.Agent.Collectors.Users;

/// <summary>One account line of /etc/passwd: <c>name:password:uid:gid:gecos:home:shell</c>.</summary>
public sealed record PasswdEntry(string Name, uint Uid, uint Gid, string Gecos, string Home, string Shell)
{
    /// <summary>
    /// False when the shell refuses interactive logins (nologin, false). An empty shell means /bin/sh to login(1),
    /// so it counts as a login shell.
    /// </summary>
    public bool HasLoginShell =>
        !Shell.EndsWith("/nologin", StringComparison.Ordinal) && !Shell.EndsWith("/false", StringComparison.Ordinal)
        && Shell is not "nologin" and not "false";

    /// <summary>Parses every well-formed line; comments, blanks, NIS "+"/"-" lines and malformed lines are skipped.</summary>
    public static List<PasswdEntry> ParseAll(ReadOnlySpan<char> text)
    {
        var entries = new List<PasswdEntry>();
        Span<Range> f = stackalloc Range[8];
        foreach (var line in text.EnumerateLines())
        {
            if (line.IsEmpty || line[0] is '#' or '+' or '-' || line.Split(f, ':') != 7)
            {
                continue;
            }
            if (!uint.TryParse(line[f[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                || !uint.TryParse(line[f[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
                || line[f[0]].IsEmpty)
            {
                continue;
            }
            entries.Add(new PasswdEntry(line[f[0]].ToString(), uid, gid, line[f[4]].ToString(), line[f[5]].ToString(), line[f[6]].ToString()));
        }
        return entries;
    }
}

using System.Text;
using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Filesystem;

/// <summary>
/// Parses /proc/PID/mountinfo: <c>ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS</c>.
/// The optional fields vary in number, so the fields after the lone <c>-</c> are located by it.
/// </summary>
public static class MountInfo
{
    /// <summary>Every well-formed line in order; a mount point mounted over appears once per mount, the last one visible.</summary>
    public static List<MountEntry> Parse(ReadOnlySpan<char> text)
    {
        var mounts = new List<MountEntry>();
        Span<Range> f = stackalloc Range[32];
        foreach (var line in text.EnumerateLines())
        {
            var n = SpanParsing.SplitFields(line, f);
            var dash = -1;
            for (var i = 6; i < n; i++)
            {
                if (line[f[i]] is "-")
                {
                    dash = i;
                    break;
                }
            }
            if (dash < 0 || n < dash + 3)
            {
                continue; // malformed, or more optional fields than we look at
            }
            mounts.Add(new MountEntry(
                MountPoint: Unescape(line[f[4]]),
                Device: Unescape(line[f[dash + 2]]),
                FsType: Unescape(line[f[dash + 1]]),
                MountOptions: line[f[5]].ToString(),
                SuperOptions: n > dash + 3 ? Unescape(line[f[dash + 3]]) : ""));
        }
        return mounts;
    }

    /// <summary>Undoes the kernel's escaping of space, tab, newline and backslash as <c>\ooo</c> octal.</summary>
    public static string Unescape(ReadOnlySpan<char> s)
    {
        if (s.IndexOf('\\') < 0)
        {
            return s.ToString();
        }
        // Escapes encode bytes, and a path may be UTF-8 around them, so rebuild the bytes before decoding.
        var bytes = new List<byte>(s.Length);
        var runStart = 0;
        for (var i = 0; i + 3 < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s[i + 1]) && IsOctal(s[i + 2]) && IsOctal(s[i + 3]))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[runStart..i].ToArray()));
                bytes.Add((byte)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0')));
                i += 3;
                runStart = i + 1;
            }
        }
        bytes.AddRange(Encoding.UTF8.GetBytes(s[runStart..].ToArray()));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}

using System.Text;

namespace Vigil.Agent.Collectors.Identity;

/// <summary>The fields of os-release(5) the identity record carries.</summary>
public sealed record OsRelease(string? Id, string? VersionId, string? PrettyName)
{
    /// <summary>
    /// Parses KEY=value lines. Values follow shell quoting as os-release(5) prescribes: double quotes with
    /// backslash escapes, single quotes taken literally, bare words with backslash escapes, and segments may be
    /// concatenated (<c>"a"'b'c</c>). Comments and lines without '=' are ignored.
    /// </summary>
    public static OsRelease Parse(ReadOnlySpan<char> text)
    {
        string? id = null, versionId = null, pretty = null;
        foreach (var raw in text.EnumerateLines())
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=');
            if (line.IsEmpty || line[0] == '#' || eq <= 0)
            {
                continue;
            }
            var key = line[..eq];
            if (key.SequenceEqual("ID"))
            {
                id = Unquote(line[(eq + 1)..]);
            }
            else if (key.SequenceEqual("VERSION_ID"))
            {
                versionId = Unquote(line[(eq + 1)..]);
            }
            else if (key.SequenceEqual("PRETTY_NAME"))
            {
                pretty = Unquote(line[(eq + 1)..]);
            }
        }
        return new OsRelease(id, versionId, pretty);
    }

    /// <summary>Applies shell quoting rules to one value.</summary>
    public static string Unquote(ReadOnlySpan<char> value)
    {
        var sb = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c == '\'')
            {
                var end = value[(i + 1)..].IndexOf('\'');
                var stop = end < 0 ? value.Length : i + 1 + end;
                sb.Append(value[(i + 1)..stop]);
                i = stop + 1;
            }
            else if (c == '"')
            {
                i++;
                while (i < value.Length && value[i] != '"')
                {
                    // Inside double quotes a backslash only escapes the shell's specials; elsewhere it is literal.
                    if (value[i] == '\\' && i + 1 < value.Length && value[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }
                    sb.Append(value[i]);
                    i++;
                }
                i++;
            }
            else if (c == '\\' && i + 1 < value.Length)
            {
                sb.Append(value[i + 1]);
                i += 2;
            }
            else if (char.IsWhiteSpace(c) || c == '#')
            {
                break; // an unquoted blank ends the word; what follows is a comment or junk
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }
}

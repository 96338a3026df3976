namespace Vigil.Agent.Actions.ConfigEditing;

/// <summary>
/// Sets one key in a config file's text, the way the program reading it will see it, changing as little as possible
/// (other lines, comments and line endings untouched):
/// <list type="bullet">
/// <item><c>sshd</c>: sshd uses the first value it meets, and <c>Include</c>d files and <c>Match</c> blocks come in
/// place. A global line for the key before any Include or Match is rewritten; otherwise the key is inserted before
/// the first Include or Match, so it wins over drop-ins and applies globally. Keywords are case-insensitive.</item>
/// <item><c>keyvalue</c> (<c>KEY=VALUE</c> or <c>KEY VALUE</c>): every uncommented line for the key is rewritten
/// with its own separator, or the key is appended.</item>
/// <item><c>ini</c>: the key inside <c>[section]</c> (or before the first section when none is given) is rewritten,
/// or added at the end of that section, or the section is added.</item>
/// <item><c>sysctl</c> (sysctl.d): as keyvalue with <c> = </c>, a key written with <c>/</c> counting as the same key.</item>
/// </list>
/// </summary>
public static class ConfigKeyEditor
{
    public static readonly string[] Formats = ["sshd", "keyvalue", "ini", "sysctl"];

    public static string Set(string text, string format, string key, string value, string? section) => format switch
    {
        "sshd" => Sshd(text, key, value),
        "keyvalue" => KeyValue(text, key, value, sysctl: false),
        "sysctl" => KeyValue(text, key, value, sysctl: true),
        "ini" => Ini(text, key, value, section),
        _ => throw new ArgumentException($"format '{format}' is not one of: {string.Join(", ", Formats)}"),
    };

    private static string Sshd(string text, string key, string value)
    {
        var lines = Split(text, out var eol);
        for (var i = 0; i < lines.Count; i++)
        {
            var (keyword, _) = Parse(lines[i], ' ', '\t', '=');
            if (keyword is null)
            {
                continue;
            }
            if (keyword.Equals("Include", StringComparison.OrdinalIgnoreCase) || keyword.Equals("Match", StringComparison.OrdinalIgnoreCase))
            {
                lines.Insert(i, $"{key} {value}");
                return Join(lines, eol);
            }
            if (keyword.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                lines[i] = $"{keyword} {value}";
                return Join(lines, eol);
            }
        }
        lines.Add($"{key} {value}");
        return Join(lines, eol);
    }

    private static string KeyValue(string text, string key, string value, bool sysctl)
    {
        var lines = Split(text, out var eol);
        var wanted = sysctl ? key.Replace('/', '.') : key;
        var found = false;
        var usesEquals = sysctl || lines.Any(l => Parse(l, '=', ' ', '\t').Separator == '=');
        for (var i = 0; i < lines.Count; i++)
        {
            var (name, separator) = Parse(lines[i], '=', ' ', '\t');
            if (name is null || (sysctl ? name.Replace('/', '.') : name) != wanted)
            {
                continue;
            }
            found = true;
            lines[i] = sysctl ? $"{key} = {value}" : separator == '=' ? $"{name}={value}" : $"{name} {value}";
        }
        if (!found)
        {
            lines.Add(sysctl ? $"{key} = {value}" : usesEquals ? $"{key}={value}" : $"{key} {value}");
        }
        return Join(lines, eol);
    }

    private static string Ini(string text, string key, string value, string? section)
    {
        var lines = Split(text, out var eol);
        string? current = null;
        var lastInSection = section is null ? -1 : -2; // -2: section not seen yet
        for (var i = 0; i < lines.Count; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                current = trimmed[1..^1].Trim();
                if (current == section)
                {
                    lastInSection = i;
                }
                continue;
            }
            if (current != section)
            {
                continue;
            }
            if (trimmed.Length > 0 && trimmed[0] is not ('#' or ';'))
            {
                lastInSection = i;
            }
            var (name, _) = Parse(lines[i], '=', ':');
            if (name is not null && name.Trim() == key)
            {
                lines[i] = $"{name.Trim()} = {value}";
                return Join(lines, eol);
            }
        }
        if (lastInSection == -2)
        {
            if (lines.Count > 0 && lines[^1].Trim().Length > 0)
            {
                lines.Add("");
            }
            lines.Add($"[{section}]");
            lines.Add($"{key} = {value}");
        }
        else
        {
            lines.Insert(lastInSection + 1, $"{key} = {value}");
        }
        return Join(lines, eol);
    }

    /// <summary>The key of an uncommented line and the separator after it (null key for blank lines and comments).</summary>
    private static (string? Key, char Separator) Parse(string line, params char[] separators)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] is '#' or ';' || (trimmed.StartsWith('[') && trimmed.EndsWith(']')))
        {
            return (null, '\0');
        }
        var split = trimmed.IndexOfAny(separators);
        if (split < 0)
        {
            return (trimmed, '\0');
        }
        var name = trimmed[..split].TrimEnd();
        var rest = trimmed[split..].TrimStart(' ', '\t');
        return (name, rest.StartsWith('=') ? '=' : rest.StartsWith(':') ? ':' : trimmed[split]);
    }

    private static List<string> Split(string text, out string eol)
    {
        eol = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split(eol).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1); // the final newline comes back in Join
        }
        return lines;
    }

    private static string Join(List<string> lines, string eol) => string.Join(eol, lines) + eol;
}

namespace Vigil.Policy.Host;

/// <summary>
/// Flat configuration files: <c>key = value</c>, <c>key=value</c> or <c>key value</c> lines (login.defs,
/// pwquality.conf, journald's without sections), <c>#</c> comments. The last assignment wins, as most of these
/// readers do; with <paramref name="section"/> only that <c>[section]</c> of an ini file is read.
/// </summary>
public static class KeyValueConfig
{
    public static ConfigEntry? Find(string file, string text, string key, string? section, bool ignoreKeyCase)
    {
        ConfigEntry? found = null;
        var current = "";
        var lineNumber = 0;
        var comparison = ignoreKeyCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[' && line[^1] == ']')
            {
                current = line[1..^1].Trim();
                continue;
            }
            if (section is not null && !current.Equals(section, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var split = line.IndexOfAny(['=', ' ', '\t']);
            var k = (split < 0 ? line : line[..split]).Trim();
            if (!k.Equals(key, comparison))
            {
                continue;
            }
            var rest = split < 0 ? "" : line[split..].Trim();
            if (rest.StartsWith('='))
            {
                rest = rest[1..].Trim();
            }
            found = new ConfigEntry(k, Unquote(rest), file, lineNumber);
        }
        return found;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'') ? value[1..^1] : value;
}

using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Host;

/// <summary>
/// sshd_config(5) as sshd reads it for the global scope: keywords are case-insensitive, the first value obtained
/// for a keyword wins, <c>Include</c> is expanded in place (globs sorted, relative paths under /etc/ssh, nesting
/// bounded), and a <c>Match</c> block, which lasts until the next Match or the end of its file, is not global.
/// </summary>
public static class SshdConfig
{
    private const int MaxIncludeDepth = 16;

    /// <summary>The global value of <paramref name="key"/>, or null when no file sets it; <paramref name="problem"/> names an unreadable file.</summary>
    public static ConfigEntry? Find(EvaluationContext context, string path, string key, out string? problem)
    {
        problem = null;
        return Scan(context, path, key, 0, ref problem);
    }

    private static ConfigEntry? Scan(EvaluationContext context, string path, string key, int depth, ref string? problem)
    {
        var file = context.ReadText(path);
        if (file.Text is null)
        {
            if (depth == 0 || !file.Missing)
            {
                problem ??= $"{path}: {file.Problem}";
            }
            return null;
        }
        var inMatch = false;
        var lineNumber = 0;
        foreach (var raw in file.Text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var split = line.IndexOfAny([' ', '\t', '=']);
            var keyword = split < 0 ? line : line[..split];
            var value = split < 0 ? "" : line[(split + 1)..].TrimStart(' ', '\t', '=').Trim();
            if (keyword.Equals("Match", StringComparison.OrdinalIgnoreCase))
            {
                inMatch = true;
                continue;
            }
            if (keyword.Equals("Include", StringComparison.OrdinalIgnoreCase))
            {
                if (depth >= MaxIncludeDepth)
                {
                    problem ??= $"{path}:{lineNumber}: Include nested deeper than {MaxIncludeDepth}";
                    continue;
                }
                foreach (var pattern in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var absolute = pattern.StartsWith('/') ? pattern : "/etc/ssh/" + pattern;
                    foreach (var included in PathGlob.Expand(context, absolute))
                    {
                        if (Scan(context, included, key, depth + 1, ref problem) is { } found && !inMatch)
                        {
                            return found;
                        }
                    }
                }
                continue;
            }
            if (!inMatch && keyword.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return new ConfigEntry(keyword, Unquote(value), path, lineNumber);
            }
        }
        return null;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}

using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Host;

/// <summary>Host paths with <c>*</c> and <c>?</c> wildcards in any component, expanded under the configured root.</summary>
public static class PathGlob
{
    public static bool HasWildcard(string path) => path.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The host paths matching <paramref name="pattern"/>, sorted; the pattern itself when it has no wildcard.</summary>
    public static IReadOnlyList<string> Expand(EvaluationContext context, string pattern)
    {
        if (!HasWildcard(pattern))
        {
            return [pattern];
        }
        var current = new List<string> { "" };
        foreach (var part in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<string>();
            foreach (var prefix in current)
            {
                if (!HasWildcard(part))
                {
                    next.Add(prefix + "/" + part);
                    continue;
                }
                foreach (var name in ListNames(context, prefix.Length == 0 ? "/" : prefix))
                {
                    if (System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(part, name, ignoreCase: false))
                    {
                        next.Add(prefix + "/" + name);
                    }
                }
            }
            current = next;
        }
        current.Sort(StringComparer.Ordinal);
        return current;
    }

    /// <summary>Names in a host directory, sorted; empty when it does not exist or cannot be read.</summary>
    public static IReadOnlyList<string> ListNames(EvaluationContext context, string directory)
    {
        context.NoteListed(directory);
        try
        {
            var names = Directory.EnumerateFileSystemEntries(context.Resolve(directory)).Select(p => Path.GetFileName(p)).ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

using System.IO.Enumeration;
using Vigil.Agent.Host;

namespace Vigil.Agent.Bundles;

/// <summary>
/// Expands a host path pattern (<c>/etc/sysctl.d/*</c>, <c>/etc/systemd/system/*.service</c>) under the host root:
/// <c>*</c> and <c>?</c> match within one segment, matches are regular files, sorted, at most <see cref="MaxMatches"/>.
/// </summary>
public static class HostGlob
{
    public const int MaxMatches = 500;

    /// <summary>Host paths (as on the host, e.g. <c>/etc/hosts</c>) of the regular files the pattern names.</summary>
    public static List<string> Expand(HostPaths paths, string pattern)
    {
        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var found = new List<string>();
        Walk(paths, "", segments, 0, found);
        found.Sort(StringComparer.Ordinal);
        return found.Count > MaxMatches ? found[..MaxMatches] : found;
    }

    private static bool IsPattern(string path) => path.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The host paths a configured entry names: the files it matches when it is a pattern, else the path itself.</summary>
    public static List<string> Resolve(HostPaths paths, string entry) => IsPattern(entry) ? Expand(paths, entry) : [entry];

    private static void Walk(HostPaths paths, string prefix, string[] segments, int index, List<string> found)
    {
        if (found.Count > MaxMatches)
        {
            return;
        }
        if (index == segments.Length)
        {
            if (File.Exists(paths.InRoot(prefix)))
            {
                found.Add(prefix);
            }
            return;
        }
        var segment = segments[index];
        if (!IsPattern(segment))
        {
            Walk(paths, prefix + "/" + segment, segments, index + 1, found);
            return;
        }
        var directory = paths.InRoot(prefix.Length == 0 ? "/" : prefix);
        IEnumerable<string> names;
        try
        {
            names = Directory.Exists(directory) ? Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().ToList() : [];
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return;
        }
        foreach (var name in names.Where(n => FileSystemName.MatchesSimpleExpression(segment, n, ignoreCase: false)).Order(StringComparer.Ordinal))
        {
            Walk(paths, prefix + "/" + name, segments, index + 1, found);
        }
    }
}

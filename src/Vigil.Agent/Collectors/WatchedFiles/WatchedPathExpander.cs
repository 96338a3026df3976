using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>
/// Turns one configured path into the files to fingerprint: a file is itself, a directory is the files in it
/// (sub-directories too when recursive), and a pattern in the last segment (<c>/etc/ssh/sshd_config.d/*.conf</c>)
/// is the matching files of that directory. Paths are resolved under the host root but returned as host paths.
/// A file that does not exist is still returned, so its absence can be noticed.
/// </summary>
internal static class WatchedPathExpander
{
    private static readonly EnumerationOptions Flat = new() { IgnoreInaccessible = true, AttributesToSkip = 0, MatchType = MatchType.Simple };
    private static readonly EnumerationOptions Deep = new() { IgnoreInaccessible = true, AttributesToSkip = 0, MatchType = MatchType.Simple, RecurseSubdirectories = true };

    public static bool IsPattern(ReadOnlySpan<char> path) => path.IndexOfAny('*', '?') >= 0;

    /// <summary>Appends (host path, resolved path) pairs; returns why a directory could not be listed, or null.</summary>
    public static string? Expand(HostPaths paths, string watch, bool recursive, List<(string Host, string Resolved)> into)
    {
        var slash = watch.LastIndexOf('/');
        if (IsPattern(watch.AsSpan(slash + 1)))
        {
            var hostDirectory = watch[..slash];
            return AddFiles(paths.InRoot(hostDirectory.Length == 0 ? "/" : hostDirectory), hostDirectory, watch[(slash + 1)..], Flat, into);
        }
        var resolved = paths.InRoot(watch);
        if (Directory.Exists(resolved))
        {
            return AddFiles(resolved, watch.TrimEnd('/'), "*", recursive ? Deep : Flat, into);
        }
        into.Add((watch, resolved));
        return null;
    }

    private static string? AddFiles(string directory, string hostDirectory, string pattern, EnumerationOptions options, List<(string, string)> into)
    {
        var prefix = directory.TrimEnd('/').Length;
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, pattern, options))
            {
                into.Add((string.Concat(hostDirectory, file.AsSpan(prefix)), file));
            }
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null; // the directory is absent (or vanished): its files are simply not there
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return e is UnauthorizedAccessException ? "permission denied" : e.Message;
        }
    }
}

namespace Vigil.Agent.Bundles;

/// <summary>Keeps a directory of bundles bounded: the newest <c>keep</c> stay, older ones and abandoned partial files go.</summary>
public static class BundleRetention
{
    public const string Pattern = "vigil-bundle-*.tar.zst";

    /// <returns>The files deleted.</returns>
    public static List<string> Apply(string directory, int keep, string? except = null)
    {
        var deleted = new List<string>();
        if (!Directory.Exists(directory))
        {
            return deleted;
        }
        var bundles = new DirectoryInfo(directory).GetFiles(Pattern).OrderByDescending(f => f.Name, StringComparer.Ordinal).ToList();
        foreach (var old in bundles.Where(f => f.FullName != except).Skip(Math.Max(0, keep - (except is null ? 0 : 1))))
        {
            old.Delete();
            deleted.Add(old.FullName);
        }
        foreach (var partial in new DirectoryInfo(directory).GetFiles(Pattern + ".*.partial"))
        {
            partial.Delete(); // left by a crash: the action runs one bundle at a time per directory
            deleted.Add(partial.FullName);
        }
        return deleted;
    }
}

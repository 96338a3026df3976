namespace Vigil.Blobs.Restoring;

/// <summary>
/// Where a snapshot path lands under a restore target, or why it may not: absolute paths, <c>..</c>, empty or
/// <c>.</c> components, NUL bytes and backslashes are refused (tar-slip), as is any path whose existing parent
/// inside the target is a symlink (it would write through the link).
/// </summary>
public static class RestorePaths
{
    public static string Resolve(string target, string relative)
    {
        if (relative.Length == 0 || relative.StartsWith('/') || relative.Contains('\0', StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal))
        {
            throw new UnsafePathException($"path '{Printable(relative)}' is absolute or malformed; refused, nothing is written outside {target}");
        }
        foreach (var part in relative.Split('/'))
        {
            if (part is "" or "." or "..")
            {
                throw new UnsafePathException($"path '{Printable(relative)}' has a '{part}' component; refused, nothing is written outside {target}");
            }
        }
        var full = Path.GetFullPath(Path.Combine(target, relative));
        if (!full.StartsWith(target.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new UnsafePathException($"path '{Printable(relative)}' resolves to {full}, outside {target}; refused");
        }
        return full;
    }

    /// <summary>Fails when a folder between <paramref name="target"/> and <paramref name="full"/> is a symlink.</summary>
    public static void CheckParents(string target, string full)
    {
        var parent = Path.GetDirectoryName(full);
        var root = target.TrimEnd('/');
        while (parent is not null && parent.Length > root.Length)
        {
            var info = new DirectoryInfo(parent);
            if (info.LinkTarget is not null)
            {
                throw new UnsafePathException($"{full}: its folder {parent} is a symlink; refused, nothing is written through links");
            }
            parent = Path.GetDirectoryName(parent);
        }
    }

    private static string Printable(string s) => s.Replace("\0", "\\0", StringComparison.Ordinal);
}

namespace Vigil.Blobs;

/// <summary>
/// The paths an add stores, in a stable order. A folder argument contributes its contents at the snapshot's root;
/// a file argument contributes itself under its name. Symlinks inside are stored as links, never followed.
/// </summary>
internal static class InputWalker
{
    public static List<InputEntry> Walk(IReadOnlyList<string> paths)
    {
        var entries = new List<InputEntry>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                // A folder named on the command line is followed even through a symlink, as tar and restic do.
                WalkFolder(new DirectoryInfo(full), "", entries, seen, full);
            }
            else if (File.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                AddEntry(new InputEntry(Path.GetFileName(full), new FileInfo(full)), entries, seen, full);
            }
            else
            {
                throw new FileNotFoundException($"{path}: no such file or folder", path);
            }
        }
        return entries;
    }

    private static void WalkFolder(DirectoryInfo folder, string prefix, List<InputEntry> entries, Dictionary<string, string> seen, string source)
    {
        var children = folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false })
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var child in children)
        {
            var relative = prefix.Length == 0 ? child.Name : prefix + "/" + child.Name;
            AddEntry(new InputEntry(relative, child), entries, seen, source);
            if (child is DirectoryInfo dir && dir.LinkTarget is null)
            {
                WalkFolder(dir, relative, entries, seen, source);
            }
        }
    }

    private static void AddEntry(InputEntry entry, List<InputEntry> entries, Dictionary<string, string> seen, string source)
    {
        if (!seen.TryAdd(entry.RelativePath, source))
        {
            throw new ArgumentException($"'{entry.RelativePath}' is in both {seen[entry.RelativePath]} and {source}; store them in separate adds");
        }
        entries.Add(entry);
    }
}

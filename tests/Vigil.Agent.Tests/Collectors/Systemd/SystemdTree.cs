namespace Vigil.Agent.Tests.Collectors.Systemd;

/// <summary>
/// Rebuilds the recorded systemd tree in a temp root. Symlinks (masks, aliases, .wants links, /lib → usr/lib)
/// cannot travel through the build's fixture copy (it would follow them), so they are recorded in symlinks.txt
/// as "path TAB target" and recreated here exactly as they were on the host. MSBuild also reads '\' in a file
/// name as a directory separator, so systemd's escaped names are stored with "{backslash}" and restored here.
/// </summary>
public static class SystemdTree
{
    public static TempHostRoot Recorded()
    {
        var root = FixtureTree.CopyOf("systemd/debian/tree");
        foreach (var file in Directory.GetFiles(root.Root, "*{backslash}*", SearchOption.AllDirectories))
        {
            File.Move(file, file.Replace("{backslash}", "\\", StringComparison.Ordinal));
        }
        foreach (var line in File.ReadAllLines(CollectorHarness.Fixture("systemd/debian/symlinks.txt")))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            Link(root, line[..tab], line[(tab + 1)..]);
        }
        return root;
    }

    public static void Link(TempHostRoot root, string path, string target)
    {
        var full = Path.Combine(root.Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (File.Exists(full) || Directory.Exists(full))
        {
            File.Delete(full);
        }
        var resolved = Path.IsPathRooted(target) ? Path.Combine(root.Root, target.TrimStart('/')) : Path.Combine(Path.GetDirectoryName(full)!, target);
        if (Directory.Exists(resolved))
        {
            Directory.CreateSymbolicLink(full, target);
        }
        else
        {
            File.CreateSymbolicLink(full, target);
        }
    }
}

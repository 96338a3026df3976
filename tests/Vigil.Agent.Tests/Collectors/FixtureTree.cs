namespace Vigil.Agent.Tests.Collectors;

/// <summary>Copies a recorded fixture tree (Fixtures/NAME/...) into a temp host root, so a test can change it.</summary>
public static class FixtureTree
{
    public static TempHostRoot CopyOf(string fixture)
    {
        var root = new TempHostRoot();
        CopyInto(root, fixture);
        return root;
    }

    /// <summary>Copies every file of the tree over what the root has; files absent from the tree stay.</summary>
    public static void CopyInto(TempHostRoot root, string fixture)
    {
        var source = CollectorHarness.Fixture(fixture);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root.Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

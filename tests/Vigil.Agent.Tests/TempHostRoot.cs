namespace Vigil.Agent.Tests;

/// <summary>A throwaway host root for tests that change files between collector runs; deleted on dispose.</summary>
public sealed class TempHostRoot : IDisposable
{
    public TempHostRoot()
    {
        Root = Path.Combine(Path.GetTempPath(), "vigil-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="content"/> at <paramref name="relativePath"/> (e.g. "proc/stat"), creating folders.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Copies a checked-in fixture file from Fixtures/ to <paramref name="relativePath"/>.</summary>
    public string CopyFixture(string fixture, string relativePath) =>
        Write(relativePath, File.ReadAllText(CollectorHarness.Fixture(fixture)));

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

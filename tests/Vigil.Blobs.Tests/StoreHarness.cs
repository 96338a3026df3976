using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Storage;
using Vigil.Testing;

namespace Vigil.Blobs.Tests;

/// <summary>A store and a source folder in a temp folder of the test's own.</summary>
internal sealed class StoreHarness : IDisposable
{
    private readonly TempDirectory _dir = new("vigil-blobs");

    public StoreHarness()
    {
        Directory.CreateDirectory(Source);
    }

    public string Root => _dir.Path;

    public string Repo => _dir.File("repo");

    public string Source => _dir.File("src");

    public FileSystemBackend Backend => new(Repo);

    public string Folder(string name)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(path);
        return path;
    }

    public Task<BlobStore> OpenAsync(StoreConfig? config = null) =>
        BlobStore.OpenAsync(Backend, TimeProvider.System, create: true, CancellationToken.None, config);

    public async Task<VerifyReport> VerifyAsync()
    {
        using var store = await OpenAsync();
        return await new Verifier(store).RunAsync(null, CancellationToken.None);
    }

    public static void AssertOk(VerifyReport report) =>
        Assert.True(report.Ok, "verify found damage:\n" + string.Join("\n", report.Damages.Select(d => $"{d.Kind} {d.Name}: {d.Problem}")));

    public string[] Packs() => Directory.Exists(Path.Combine(Repo, "packs")) ? Directory.GetFiles(Path.Combine(Repo, "packs"), "*", SearchOption.AllDirectories) : [];

    public void Dispose() => _dir.Dispose();
}

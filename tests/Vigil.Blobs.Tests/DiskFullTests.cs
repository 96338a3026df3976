using System.Diagnostics;
using Vigil.Blobs.Storage;
using Vigil.Testing;

namespace Vigil.Blobs.Tests;

/// <summary>A store on a real, small tmpfs (mounted here, unmounted after; the tests run as root) that fills up mid-add.</summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_full_disk_fails_the_add_with_a_clear_error_and_leaves_a_consistent_store()
    {
        using var dir = new TempDirectory("vigil-blobs-full");
        var mount = dir.File("mnt");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount);
        try
        {
            var repo = Path.Combine(mount, "repo");
            var source = dir.File("src");
            TestData.Write(source, "small.log", TestData.Text(100_000, 1));
            var config = new StoreConfig { PackSize = 256 * 1024 };
            string first;
            using (var store = await BlobStore.OpenAsync(new FileSystemBackend(repo), TimeProvider.System, create: true, CancellationToken.None, config))
            {
                first = (await store.AddAsync([source], new AddOptions(), null, CancellationToken.None)).SnapshotId;
                TestData.Write(source, "big.bin", TestData.Random(8 * 1024 * 1024, 2));
                var error = await Assert.ThrowsAsync<StoreFullException>(() => store.AddAsync([source], new AddOptions(), null, CancellationToken.None));
                Assert.Contains("no space left", error.Message, StringComparison.Ordinal);
                Assert.Contains(repo, error.Message, StringComparison.Ordinal);
            }
            Assert.Empty(Directory.GetFiles(Path.Combine(repo, "tmp")));
            using (var store = await BlobStore.OpenAsync(new FileSystemBackend(repo), TimeProvider.System, create: false, CancellationToken.None))
            {
                var report = await new Maintenance.Verifier(store).RunAsync(null, CancellationToken.None);
                StoreHarness.AssertOk(report);
                Assert.Equal(1, report.Snapshots);
                // Once there is room again, the next add stores the rest, reusing the packs written before the disk filled.
                Run("mount", "-o", "remount,size=32m", mount);
                var next = await store.AddAsync([source], new AddOptions(), null, CancellationToken.None);
                Assert.NotEqual(first, next.SnapshotId);
                Assert.True(next.NewRawBytes < 8 * 1024 * 1024 - (1024 * 1024), $"{next.NewRawBytes} new bytes: the packs written before the disk filled were not reused");
                StoreHarness.AssertOk(await new Maintenance.Verifier(store).RunAsync(null, CancellationToken.None));
            }
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static void Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), $"{command} did not finish");
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error} (this test mounts a tmpfs and needs root)");
    }
}

using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Restoring;

namespace Vigil.Blobs.Tests;

public sealed class CorruptionTests
{
    private static async Task<(StoreHarness Harness, string SnapshotId)> StoreWithOnePackAsync()
    {
        var h = new StoreHarness();
        TestData.Write(h.Source, "a.log", TestData.Text(400_000, 1));
        TestData.Write(h.Source, "b.bin", TestData.Random(200_000, 2));
        using var store = await h.OpenAsync();
        var result = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
        Assert.Single(h.Packs());
        return (h, result.SnapshotId);
    }

    [Fact]
    public async Task A_flipped_bit_in_a_pack_fails_the_read_and_verify_names_the_pack_and_the_blob()
    {
        var (h, id) = await StoreWithOnePackAsync();
        using var _ = h;
        var pack = h.Packs()[0];
        var bytes = File.ReadAllBytes(pack);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(pack, bytes);

        using var store = await h.OpenAsync();
        var snapshot = await store.FindSnapshotAsync(id, CancellationToken.None);
        var read = await Assert.ThrowsAsync<CorruptObjectException>(() => new Restorer(store).RunAsync(snapshot, h.Folder("out"), null, CancellationToken.None));
        Assert.Contains(Path.GetFileName(pack), read.Message, StringComparison.Ordinal);

        var report = await new Verifier(store).RunAsync(null, CancellationToken.None);
        Assert.False(report.Ok);
        Assert.Contains(report.Damages, d => d.Kind == "pack" && d.Name == Path.GetFileName(pack));
        var blob = Assert.Single(report.Damages, d => d.Kind == "blob");
        Assert.Contains(blob.Name, blob.Problem, StringComparison.Ordinal);
        Assert.Contains(report.Damages, d => d.Kind == "snapshot" && d.Name == id);
    }

    [Fact]
    public async Task A_truncated_pack_fails_the_read_and_verify_names_the_missing_blobs()
    {
        var (h, id) = await StoreWithOnePackAsync();
        using var _ = h;
        var pack = h.Packs()[0];
        var length = new FileInfo(pack).Length;
        using (var f = File.Open(pack, FileMode.Open))
        {
            f.SetLength(length - 5000);
        }

        using var store = await h.OpenAsync();
        var snapshot = await store.FindSnapshotAsync(id, CancellationToken.None);
        var read = await Assert.ThrowsAsync<CorruptObjectException>(() => new Restorer(store).RunAsync(snapshot, h.Folder("out"), null, CancellationToken.None));
        Assert.Contains("truncated", read.Message, StringComparison.Ordinal);

        var report = await new Verifier(store).RunAsync(null, CancellationToken.None);
        Assert.Contains(report.Damages, d => d.Kind == "pack" && d.Problem.Contains("truncated", StringComparison.Ordinal));
        Assert.Contains(report.Damages, d => d.Kind == "blob" && d.Problem.Contains("no such blob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repair_keeps_the_intact_blobs_and_the_next_add_of_the_same_files_makes_the_snapshot_whole()
    {
        var (h, id) = await StoreWithOnePackAsync();
        using var _ = h;
        var pack = h.Packs()[0];
        var bytes = File.ReadAllBytes(pack);
        bytes[^100] ^= 0x01; // damages the last blob only
        File.WriteAllBytes(pack, bytes);

        using (var store = await h.OpenAsync())
        {
            var repair = await new Repairer(store).RunAsync(null, CancellationToken.None);
            Assert.Equal([Path.GetFileName(pack)], repair.DamagedPacksRemoved);
            Assert.True(repair.BlobsSalvaged > 10);
            Assert.Single(repair.BlobsLost);
            Assert.Single(repair.IncompleteSnapshots);
            var report = await new Verifier(store).RunAsync(null, CancellationToken.None);
            Assert.Contains(report.Damages, d => d.Kind == "snapshot" && d.Name == id);
            Assert.DoesNotContain(report.Damages, d => d.Kind is "pack" or "blob" or "index");
        }
        using (var store = await h.OpenAsync())
        {
            var again = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
            Assert.Equal(1, again.NewBlobs);
        }
        StoreHarness.AssertOk(await h.VerifyAsync());
        using (var store = await h.OpenAsync())
        {
            var target = h.Folder("out");
            await new Restorer(store).RunAsync(await store.FindSnapshotAsync(id, CancellationToken.None), target, null, CancellationToken.None);
            TestData.AssertSameTree(h.Source, target);
        }
    }

    [Fact]
    public async Task Repair_rebuilds_a_lost_index_from_the_packs()
    {
        var (h, id) = await StoreWithOnePackAsync();
        using var _ = h;
        foreach (var index in Directory.GetFiles(Path.Combine(h.Repo, "index")))
        {
            File.Delete(index);
        }
        Assert.False((await h.VerifyAsync()).Ok);
        using (var store = await h.OpenAsync())
        {
            var repair = await new Repairer(store).RunAsync(null, CancellationToken.None);
            Assert.Empty(repair.BlobsLost);
        }
        StoreHarness.AssertOk(await h.VerifyAsync());
        using var reopened = await h.OpenAsync();
        var target = h.Folder("out");
        await new Restorer(reopened).RunAsync(await reopened.FindSnapshotAsync(id, CancellationToken.None), target, null, CancellationToken.None);
        TestData.AssertSameTree(h.Source, target);
    }

    [Fact]
    public async Task Repair_replaces_a_damaged_blob_by_its_intact_copy_in_another_pack()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "a.log", TestData.Text(100_000, 1));
        using (var store = await h.OpenAsync())
        {
            await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
        }
        // A second copy of every blob, as two adds racing (or a GC rewrite in progress) leave.
        var pack = h.Packs()[0];
        var copyRepo = h.Folder("copy");
        using (var copy = await Vigil.Blobs.BlobStore.OpenAsync(new Vigil.Blobs.Storage.FileSystemBackend(copyRepo), TimeProvider.System, create: true, CancellationToken.None))
        {
            TestData.Write(h.Source, "extra", TestData.Text(10, 9));
            await copy.AddAsync([Path.Combine(h.Source, "a.log"), Path.Combine(h.Source, "extra")], new AddOptions(), null, CancellationToken.None);
        }
        foreach (var f in Directory.GetFiles(Path.Combine(copyRepo, "packs"), "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(h.Repo, "packs", Path.GetFileName(f)[..2]));
            File.Copy(f, Path.Combine(h.Repo, "packs", Path.GetFileName(f)[..2], Path.GetFileName(f)));
        }
        var bytes = File.ReadAllBytes(pack);
        bytes[200] ^= 0x01;
        File.WriteAllBytes(pack, bytes);

        using (var store = await h.OpenAsync())
        {
            var repair = await new Repairer(store).RunAsync(null, CancellationToken.None);
            Assert.Empty(repair.BlobsLost);
            Assert.True(repair.BlobsRecoveredFromCopies >= 1);
        }
        StoreHarness.AssertOk(await h.VerifyAsync());
    }
}

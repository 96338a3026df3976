using Vigil.Blobs.Restoring;
using Vigil.Blobs.Snapshots;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Tests;

public sealed class RestoreSafetyTests
{
    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/../../escaped")]
    [InlineData("/tmp/escaped")]
    [InlineData("a//b")]
    [InlineData("./a")]
    public async Task A_snapshot_path_that_leaves_the_target_is_refused_before_anything_is_written(string path)
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "ok", TestData.Text(100, 1));
        using var store = await h.OpenAsync();
        var added = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
        var honest = await store.FindSnapshotAsync(added.SnapshotId, CancellationToken.None);
        // A crafted snapshot, as a tampered store or a hostile uploader could hold: same content, a hostile path.
        var evil = honest.Snapshot with { Files = [.. honest.Snapshot.Files, honest.Snapshot.Files[0] with { Path = path }] };
        var (name, bytes) = SnapshotCodec.Encode(evil);
        await store.Backend.PutAsync(ObjectKind.Snapshot, name, bytes, CancellationToken.None);

        var target = Path.Combine(h.Folder("deep"), "target");
        var crafted = await store.FindSnapshotAsync(name, CancellationToken.None);
        var error = await Assert.ThrowsAsync<UnsafePathException>(() => new Restorer(store).RunAsync(crafted, target, null, CancellationToken.None));
        Assert.Contains(path.Replace("//", "/", StringComparison.Ordinal).Split('/')[0], error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target), "the restore wrote before refusing");
        Assert.False(File.Exists(Path.Combine(h.Root, "deep", "escaped")));
        Assert.False(File.Exists(Path.Combine(h.Root, "escaped")));
        Assert.False(File.Exists("/tmp/escaped"));
    }

    [Fact]
    public async Task A_symlink_in_the_target_is_never_written_through()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "etc/passwd", TestData.Text(100, 1));
        using var store = await h.OpenAsync();
        var added = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
        var outside = h.Folder("outside");
        var target = h.Folder("target");
        File.CreateSymbolicLink(Path.Combine(target, "etc"), outside);

        var snapshot = await store.FindSnapshotAsync(added.SnapshotId, CancellationToken.None);
        await Assert.ThrowsAsync<UnsafePathException>(() => new Restorer(store).RunAsync(snapshot, target, null, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(outside));
    }
}

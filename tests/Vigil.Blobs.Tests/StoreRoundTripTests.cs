using Vigil.Blobs.Restoring;
using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs.Tests;

public sealed class StoreRoundTripTests
{
    [Fact]
    public async Task Restoring_a_snapshot_gives_back_every_file_byte_for_byte()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "etc/hosts", TestData.Text(300, 1));
        TestData.Write(h.Source, "logs/syslog", TestData.Text(700_000, 2));
        TestData.Write(h.Source, "bin/agent", TestData.Random(300_000, 3));
        TestData.Write(h.Source, "empty", []);
        Directory.CreateDirectory(Path.Combine(h.Source, "var/empty-dir"));
        File.CreateSymbolicLink(Path.Combine(h.Source, "link"), "etc/hosts");
        File.SetUnixFileMode(Path.Combine(h.Source, "bin/agent"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var store = await h.OpenAsync();
        var result = await store.AddAsync([h.Source], new AddOptions { Host = "h1" }, null, CancellationToken.None);
        Assert.Equal(4, result.Files);
        Assert.Equal(300 + 700_000 + 300_000, result.LogicalBytes);
        // Text compresses, random bytes do not: stored is well below logical but above the random part.
        Assert.InRange(result.StoredBytes, 300_000, 600_000);

        var target = h.Folder("out");
        var snapshot = await store.FindSnapshotAsync(result.SnapshotId[..10], CancellationToken.None);
        var restored = await new Restorer(store).RunAsync(snapshot, target, null, CancellationToken.None);
        Assert.Equal(4, restored.Files);
        TestData.AssertSameTree(h.Source, target);
        Assert.Equal("etc/hosts", new FileInfo(Path.Combine(target, "link")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(target, "var/empty-dir")));
        Assert.Equal(File.GetUnixFileMode(Path.Combine(h.Source, "bin/agent")), File.GetUnixFileMode(Path.Combine(target, "bin/agent")));
        StoreHarness.AssertOk(await h.VerifyAsync());
    }

    [Fact]
    public async Task The_same_files_added_again_from_another_process_store_only_a_new_snapshot()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "a.log", TestData.Text(2_000_000, 5));
        TestData.Write(h.Source, "b.bin", TestData.Random(500_000, 6));
        using (var first = await h.OpenAsync())
        {
            await first.AddAsync([h.Source], new AddOptions { Host = "h1" }, null, CancellationToken.None);
        }
        // A log that grew at its end and a binary with one byte changed in the middle.
        File.AppendAllText(Path.Combine(h.Source, "a.log"), "2025-01-02 one more line\n");
        var bin = File.ReadAllBytes(Path.Combine(h.Source, "b.bin"));
        bin[250_000] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(h.Source, "b.bin"), bin);

        using var second = await h.OpenAsync();
        var again = await second.AddAsync([h.Source], new AddOptions { Host = "h1" }, null, CancellationToken.None);
        Assert.Equal(2_500_025, again.LogicalBytes);
        Assert.InRange(again.NewRawBytes, 1, 4 * 64 * 1024);
        Assert.True(again.DedupRatio > 10, $"ratio {again.DedupRatio}");
        StoreHarness.AssertOk(await h.VerifyAsync());
    }

    [Fact]
    public async Task Diff_names_files_added_removed_and_changed()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "same", TestData.Text(5000, 1));
        TestData.Write(h.Source, "changes", TestData.Text(5000, 2));
        TestData.Write(h.Source, "goes", TestData.Text(5000, 3));
        using var store = await h.OpenAsync();
        var a = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
        TestData.Write(h.Source, "changes", TestData.Text(5000, 20));
        File.Delete(Path.Combine(h.Source, "goes"));
        TestData.Write(h.Source, "new", TestData.Text(10, 4));
        var b = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);

        var before = await store.FindSnapshotAsync(a.SnapshotId, CancellationToken.None);
        var after = await store.FindSnapshotAsync(b.SnapshotId, CancellationToken.None);
        var changes = SnapshotDiff.Compare(before.Snapshot, after.Snapshot);
        Assert.Equal(["changes:changed", "goes:removed", "new:added"], changes.Select(c => $"{c.Path}:{c.Change}"));
    }
}

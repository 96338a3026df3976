using Vigil.Blobs.Restoring;
using Vigil.Testing;

namespace Vigil.Blobs.Tests;

/// <summary>A real child process is killed with SIGKILL in the middle of an add or a gc; the store must stay whole.</summary>
public sealed class KillTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Kill_9_during_an_add_leaves_a_store_that_verifies_and_the_next_add_continues_where_it_stopped()
    {
        using var h = new StoreHarness();
        for (var i = 0; i < 40; i++)
        {
            TestData.Write(h.Source, $"f{i:00}.bin", TestData.Random(1024 * 1024, i));
        }
        // The worker stops after its 20th file: 20 MiB in 64 KiB packs are sealed (with their index files) when it is killed.
        using (var worker = TestProcess.Start("Vigil.Blobs.StoreWorker.dll", null, "add", h.Repo, h.Source, $"add {20 * 1024 * 1024}/"))
        {
            worker.WaitForOutput("stalled", Wait);
            Assert.True(h.Packs().Length >= 20, $"only {h.Packs().Length} packs were written before the kill");
            worker.KillHard();
            Assert.DoesNotContain("done", worker.Output, StringComparison.Ordinal);
        }
        var report = await h.VerifyAsync();
        StoreHarness.AssertOk(report);
        Assert.Equal(0, report.Snapshots);

        using (var store = await h.OpenAsync())
        {
            var result = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
            Assert.True(result.NewRawBytes < 40L * 1024 * 1024 - (15L * 64 * 1024), $"the next add stored {result.NewRawBytes} new bytes: it did not reuse what the killed add had written");
            var target = h.Folder("out");
            await new Restorer(store).RunAsync(await store.FindSnapshotAsync(result.SnapshotId, CancellationToken.None), target, null, CancellationToken.None);
            TestData.AssertSameTree(h.Source, target);
        }
        StoreHarness.AssertOk(await h.VerifyAsync());
    }

    [Fact]
    public async Task Kill_9_during_a_gc_leaves_a_store_that_verifies_and_the_next_gc_finishes_the_job()
    {
        using var h = new StoreHarness();
        var ids = new List<string>();
        using (var store = await h.OpenAsync(new StoreConfig { PackSize = 64 * 1024 }))
        {
            TestData.Write(h.Source, "shared.log", TestData.Text(500_000, 1));
            for (var day = 0; day < 12; day++)
            {
                TestData.Write(h.Source, "daily.bin", TestData.Random(1024 * 1024, 50 + day));
                TestData.Write(h.Source, "daily.log", TestData.Text(300_000, 80 + day));
                var added = await store.AddAsync([h.Source], new AddOptions { Host = "worker", Time = new DateTimeOffset(2025, 1, 1 + day, 0, 0, 0, TimeSpan.Zero) }, null, CancellationToken.None);
                ids.Add(added.SnapshotId);
            }
        }
        // The worker stops in the middle of the sweep, with three packs rewritten, so the kill lands there on any machine.
        using (var worker = TestProcess.Start("Vigil.Blobs.StoreWorker.dll", null, "gc", h.Repo, "2", "repack 3/"))
        {
            worker.WaitForOutput("stalled", Wait);
            worker.KillHard();
            Assert.DoesNotContain("done", worker.Output, StringComparison.Ordinal);
        }
        StoreHarness.AssertOk(await h.VerifyAsync());
        using (var store = await h.OpenAsync())
        {
            // The killed gc had already removed the forgotten snapshots; the next one sweeps what they used.
            var gc = await new Maintenance.GarbageCollector(store).RunAsync(new Maintenance.GcOptions { Retention = new Maintenance.RetentionPolicy { KeepLastPerHost = 2 } }, null, CancellationToken.None);
            Assert.True(gc.PacksDeleted > 0);
            var target = h.Folder("out");
            await new Restorer(store).RunAsync(await store.FindSnapshotAsync(ids[^1], CancellationToken.None), target, null, CancellationToken.None);
            TestData.AssertSameTree(h.Source, target);
        }
        var report = await h.VerifyAsync();
        StoreHarness.AssertOk(report);
        Assert.Equal(2, report.Snapshots);
        Assert.Empty(report.Notes);
    }
}

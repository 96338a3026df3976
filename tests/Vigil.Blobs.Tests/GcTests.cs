using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Restoring;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Tests;

public sealed class GcTests
{
    private static readonly DateTimeOffset Day1 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Gc_removes_what_only_forgotten_snapshots_used_and_keeps_every_kept_snapshot_restorable()
    {
        using var h = new StoreHarness();
        var config = new StoreConfig { PackSize = 64 * 1024 };
        var ids = new List<string>();
        using (var store = await h.OpenAsync(config))
        {
            TestData.Write(h.Source, "shared.log", TestData.Text(300_000, 1));
            for (var day = 0; day < 4; day++)
            {
                TestData.Write(h.Source, "daily.bin", TestData.Random(150_000, 100 + day));
                var added = await store.AddAsync([h.Source], new AddOptions { Host = "h1", Time = Day1.AddDays(day) }, null, CancellationToken.None);
                ids.Add(added.SnapshotId);
            }
            var before = h.Packs().Sum(p => new FileInfo(p).Length);
            var gc = await new GarbageCollector(store).RunAsync(new GcOptions { Retention = new RetentionPolicy { KeepLastPerHost = 2 } }, null, CancellationToken.None);
            Assert.Equal(ids.Take(2).Order(StringComparer.Ordinal), gc.SnapshotsRemoved.Order(StringComparer.Ordinal));
            Assert.True(gc.BlobsRemoved >= 2 * (150_000 / (64 * 1024)), $"{gc.BlobsRemoved} blobs removed");
            var after = h.Packs().Sum(p => new FileInfo(p).Length);
            Assert.InRange(after, 1, before - 250_000);
            Assert.Single(Directory.GetFiles(Path.Combine(h.Repo, "index")));
        }
        StoreHarness.AssertOk(await h.VerifyAsync());
        using var reopened = await h.OpenAsync();
        var target = h.Folder("out");
        await new Restorer(reopened).RunAsync(await reopened.FindSnapshotAsync(ids[3], CancellationToken.None), target, null, CancellationToken.None);
        TestData.AssertSameTree(h.Source, target);
        var report = await new Verifier(reopened).RunAsync(null, CancellationToken.None);
        Assert.Equal(2, report.Snapshots);
    }

    [Fact]
    public void Retention_keeps_the_newest_n_of_each_host_and_everything_within_the_window()
    {
        var now = Day1.AddDays(30);
        var snapshots = Enumerable.Range(0, 30)
            .SelectMany(d => new[] { "a", "b" }.Select(host => new Snapshots.SnapshotInfo($"{host}{d:00}", new Snapshots.Snapshot { Host = host, Time = Day1.AddDays(d), Files = [] })))
            .ToList();
        var removed = new RetentionPolicy { KeepLastPerHost = 3, KeepWithin = TimeSpan.FromDays(7) }.ToRemove(snapshots, now);
        var kept = snapshots.Except(removed).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        // Within 7 days of day 30: days 23..29 for both hosts; the newest three (27..29) are inside the window already.
        Assert.Equal(Enumerable.Range(23, 7).SelectMany(d => new[] { $"a{d}", $"b{d}" }).Order(StringComparer.Ordinal), kept);
        Assert.Equal(2 * 27, new RetentionPolicy { KeepLastPerHost = 3 }.ToRemove(snapshots, now).Count);
        Assert.Empty(new RetentionPolicy().ToRemove(snapshots, now));
        Assert.Throws<ArgumentException>(() => new RetentionPolicy { KeepLastPerHost = 0 }.Validate());
    }

    [Fact]
    public async Task An_add_that_deduplicated_against_garbage_before_gc_started_keeps_its_blobs()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "first.bin", TestData.Random(200_000, 1));
        var other = h.Folder("other");
        TestData.Write(other, "one.bin", TestData.Random(200_000, 1)); // same content as first.bin
        TestData.Write(other, "two.bin", TestData.Random(50_000, 2));
        using (var store = await h.OpenAsync())
        {
            var old = await store.AddAsync([h.Source], new AddOptions { Host = "h1", Time = Day1 }, null, CancellationToken.None);
            await store.Backend.DeleteAsync(ObjectKind.Snapshot, old.SnapshotId, CancellationToken.None); // its blobs are garbage now
        }

        // The add runs in its own store instance (as another process would) and is held after its first file,
        // having deduplicated one.bin against the garbage, until the GC has published its condemned set.
        using var adding = await h.OpenAsync();
        using var gcStore = await h.OpenAsync();
        var firstFileDone = new SemaphoreSlim(0);
        var release = new SemaphoreSlim(0);
        var progress = new BlockingProgress(firstFileDone, release);
        var add = Task.Run(() => adding.AddAsync([other], new AddOptions { Host = "h1", Time = Day1.AddDays(1) }, progress, CancellationToken.None));
        Assert.True(await firstFileDone.WaitAsync(TimeSpan.FromSeconds(60)), "the add did not start");
        var gc = Task.Run(() => new GarbageCollector(gcStore).RunAsync(new GcOptions(), null, CancellationToken.None));
        var condemned = Path.Combine(h.Repo, "state", "condemned");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(condemned))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "gc did not publish its condemned set");
            Assert.False(gc.IsCompleted, "gc finished without waiting for the running add");
            await Task.Delay(50);
        }
        Assert.False(gc.IsCompleted);
        release.Release(int.MaxValue / 2);
        var added = await add;
        var result = await gc;
        Assert.Equal(0, result.BlobsRemoved);

        StoreHarness.AssertOk(await h.VerifyAsync());
        using var reopened = await h.OpenAsync();
        var target = h.Folder("out");
        await new Restorer(reopened).RunAsync(await reopened.FindSnapshotAsync(added.SnapshotId, CancellationToken.None), target, null, CancellationToken.None);
        TestData.AssertSameTree(other, target);
    }

    [Fact]
    public async Task An_add_that_starts_while_gc_runs_stores_its_own_copy_of_condemned_blobs()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "first.bin", TestData.Random(100_000, 1));
        using var store = await h.OpenAsync();
        var old = await store.AddAsync([h.Source], new AddOptions { Host = "h1" }, null, CancellationToken.None);
        await store.Backend.DeleteAsync(ObjectKind.Snapshot, old.SnapshotId, CancellationToken.None);
        // As a GC that has published its set and waits: the same content added now is written again, not deduplicated.
        var condemned = new CondemnedSet { GcLock = "gc-test", Blobs = [.. store.Index.Blobs.Select(b => b.Key.ToHex())] };
        await store.Backend.PutAsync(ObjectKind.State, "condemned", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(condemned, Snapshots.BlobsJsonContext.Default.CondemnedSet), CancellationToken.None);
        var again = await store.AddAsync([h.Source], new AddOptions { Host = "h1" }, null, CancellationToken.None);
        Assert.InRange(again.NewRawBytes, 100_000, 100_000 + 1024);
        StoreHarness.AssertOk(await h.VerifyAsync());
    }

    private sealed class BlockingProgress(SemaphoreSlim firstFileDone, SemaphoreSlim release) : IProgress<StoreProgress>
    {
        private int _reports;

        public void Report(StoreProgress value)
        {
            if (Interlocked.Increment(ref _reports) == 1)
            {
                firstFileDone.Release();
                if (!release.Wait(TimeSpan.FromSeconds(120)))
                {
                    throw new TimeoutException("never released");
                }
            }
        }
    }
}

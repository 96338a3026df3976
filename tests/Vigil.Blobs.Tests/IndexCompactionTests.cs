using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Restoring;

namespace Vigil.Blobs.Tests;

public sealed class IndexCompactionTests
{
    [Fact]
    public async Task Many_adds_keep_the_index_to_a_bounded_number_of_files_and_every_snapshot_restorable()
    {
        using var h = new StoreHarness();
        var ids = new List<string>();
        for (var i = 0; i < IndexCompactor.Threshold + 6; i++)
        {
            TestData.Write(h.Source, "daily.log", TestData.Text(20_000, i));
            // A new store instance each time, as one process per add.
            using var store = await h.OpenAsync();
            ids.Add((await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None)).SnapshotId);
        }
        var indexFiles = Directory.GetFiles(Path.Combine(h.Repo, "index")).Length;
        Assert.InRange(indexFiles, 1, IndexCompactor.Threshold);
        Assert.Empty(Directory.GetFiles(Path.Combine(h.Repo, "locks")));
        StoreHarness.AssertOk(await h.VerifyAsync());

        using var reopened = await h.OpenAsync();
        var target = h.Folder("out");
        await new Restorer(reopened).RunAsync(await reopened.FindSnapshotAsync(ids[0], CancellationToken.None), target, null, CancellationToken.None);
        Assert.Equal(TestData.Text(20_000, 0), File.ReadAllBytes(Path.Combine(target, "daily.log")));
    }
}

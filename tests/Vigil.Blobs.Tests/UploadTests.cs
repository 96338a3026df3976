using Vigil.Blobs.Chunking;
using Vigil.Blobs.Restoring;
using Vigil.Blobs.Uploads;

namespace Vigil.Blobs.Tests;

public sealed class UploadTests
{
    [Fact]
    public async Task A_client_sends_only_the_blobs_the_store_lacks_and_an_interrupted_upload_resumes()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "logs/syslog", TestData.Text(600_000, 1));
        TestData.Write(h.Source, "bin/agent", TestData.Random(400_000, 2));
        using var store = await h.OpenAsync();
        var prepared = await SnapshotPreparer.PrepareAsync([h.Source], new AddOptions { Host = "h1" }, store.Config.Chunker, TimeProvider.System, CancellationToken.None);

        // First attempt: the connection drops after half the missing blobs were sent.
        List<BlobId> all;
        await using (var first = await store.BeginUploadAsync(CancellationToken.None))
        {
            all = [.. first.Missing(prepared.Blobs.Keys)];
            Assert.Equal(prepared.Blobs.Count, all.Count);
            foreach (var id in all.Take(all.Count / 2))
            {
                await first.PutAsync(id, prepared.Blobs[id].Type, prepared.Blobs[id].Raw, CancellationToken.None);
            }
        }
        StoreHarness.AssertOk(await h.VerifyAsync());

        // Resumed, from another store instance as after a restart: only the other half is asked for.
        using var server = await h.OpenAsync();
        await using (var second = await server.BeginUploadAsync(CancellationToken.None))
        {
            var missing = second.Missing(prepared.Blobs.Keys);
            Assert.Equal(all.Skip(all.Count / 2).Order(), missing.Order());
            await Assert.ThrowsAsync<InvalidDataException>(() => second.CommitAsync(prepared.Snapshot, CancellationToken.None));
            foreach (var id in missing)
            {
                await second.PutAsync(id, prepared.Blobs[id].Type, prepared.Blobs[id].Raw, CancellationToken.None);
            }
            var snapshotId = await second.CommitAsync(prepared.Snapshot, CancellationToken.None);
            var target = h.Folder("out");
            await new Restorer(server).RunAsync(await server.FindSnapshotAsync(snapshotId, CancellationToken.None), target, null, CancellationToken.None);
            TestData.AssertSameTree(h.Source, target);
        }

        // A second host with the same binary and a slightly longer log sends a handful of blobs.
        File.AppendAllText(Path.Combine(h.Source, "logs/syslog"), "one more line\n");
        var next = await SnapshotPreparer.PrepareAsync([h.Source], new AddOptions { Host = "h2" }, server.Config.Chunker, TimeProvider.System, CancellationToken.None);
        await using (var third = await server.BeginUploadAsync(CancellationToken.None))
        {
            var missing = third.Missing(next.Blobs.Keys);
            Assert.InRange(missing.Count, 1, 3);
            foreach (var id in missing)
            {
                await third.PutAsync(id, next.Blobs[id].Type, next.Blobs[id].Raw, CancellationToken.None);
            }
            await third.CommitAsync(next.Snapshot, CancellationToken.None);
        }
        StoreHarness.AssertOk(await h.VerifyAsync());
    }

    [Fact]
    public async Task An_uploaded_blob_that_does_not_hash_to_its_id_is_refused()
    {
        using var h = new StoreHarness();
        using var store = await h.OpenAsync();
        await using var session = await store.BeginUploadAsync(CancellationToken.None);
        var bytes = TestData.Text(1000, 1);
        var id = BlobId.Compute(bytes);
        bytes[10] ^= 1;
        await Assert.ThrowsAsync<CorruptObjectException>(() => session.PutAsync(id, BlobType.Data, bytes, CancellationToken.None));
        Assert.Single(session.Missing([id]));
    }

    [Fact]
    public async Task A_client_chunks_exactly_as_the_store_does()
    {
        using var h = new StoreHarness();
        TestData.Write(h.Source, "a.log", TestData.Text(300_000, 3));
        using var store = await h.OpenAsync();
        var prepared = await SnapshotPreparer.PrepareAsync([h.Source], new AddOptions(), new ChunkerOptions(), TimeProvider.System, CancellationToken.None);
        var added = await store.AddAsync([h.Source], new AddOptions(), null, CancellationToken.None);
        var snapshot = await store.FindSnapshotAsync(added.SnapshotId, CancellationToken.None);
        Assert.Equal(snapshot.Snapshot.Files.Select(f => f.Content), prepared.Snapshot.Files.Select(f => f.Content));
        await using var session = await store.BeginUploadAsync(CancellationToken.None);
        Assert.Empty(session.Missing(prepared.Blobs.Keys));
    }
}

using Vigil.Agent.Configuration;
using static Vigil.Agent.Tests.Spool.TempSpool;

namespace Vigil.Agent.Tests.Spool;

/// <summary>max_bytes bounds the segment files; the oldest whole segments go first and every lost batch is counted.</summary>
public sealed class DiskSpoolBoundTests
{
    private static readonly SpoolOptions Small = new() { SegmentBytes = 4096, MaxBytes = 16384 };

    [Fact]
    public void A_full_spool_drops_the_oldest_segments_and_counts_every_dropped_batch()
    {
        using var dir = new TempSpool(Small);
        using (var spool = dir.Open())
        {
            for (var i = 0; i < 200; i++)
            {
                AppendSized(spool, 500);
                Assert.True(spool.Stats.DiskBytes <= Small.MaxBytes, $"{spool.Stats.DiskBytes} bytes after batch {i + 1}");
            }

            var batches = ReadAll(spool);
            var stats = spool.Stats;
            Assert.Equal(Range(batches[0].Sequence, 200), Sequences(batches));
            Assert.All(batches, b => Assert.Equal(Sized(b.Sequence, 500), b.Payload.ToArray()));
            Assert.Equal(200 - batches.Count, stats.DroppedBatches);
            Assert.Equal(batches[0].Sequence - 1, stats.DroppedBatches);
            Assert.True(stats.DroppedBatches > 150);
            Assert.Equal(stats.DiskBytes, dir.Segments().Sum(f => new FileInfo(f).Length));
        }
        using (var spool = dir.Open())
        {
            Assert.Equal(200 - ReadAll(spool).Count, spool.Stats.DroppedBatches); // persisted
        }
    }

    [Fact]
    public void Acknowledged_batches_in_a_dropped_segment_are_not_counted_as_dropped()
    {
        using var dir = new TempSpool(Small);
        using var spool = dir.Open();
        for (var i = 0; i < 10; i++)
        {
            AppendSized(spool, 500); // 7 per segment: segment 1 holds 1–7
        }
        spool.Acknowledge(3);
        for (var i = 0; i < 90; i++)
        {
            AppendSized(spool, 500);
        }

        var pending = ReadAll(spool);

        Assert.Equal(Range(pending[0].Sequence, 100), Sequences(pending));
        Assert.Equal(100 - 3 - pending.Count, spool.Stats.DroppedBatches);
    }

    [Fact]
    public void A_batch_larger_than_a_segment_gets_a_segment_of_its_own_and_the_bound_holds()
    {
        using var dir = new TempSpool(Small);
        using var spool = dir.Open();
        for (var i = 0; i < 20; i++)
        {
            AppendSized(spool, 500);
        }
        var big = AppendSized(spool, 12_000);
        Assert.True(spool.Stats.DiskBytes <= Small.MaxBytes);
        Assert.Equal(TempSpool.SegmentName(big), Path.GetFileName(dir.Segments()[^1]));

        var after = AppendSized(spool, 500);

        Assert.True(spool.Stats.DiskBytes <= Small.MaxBytes);
        Assert.Equal(TempSpool.SegmentName(after), Path.GetFileName(dir.Segments()[^1]));
        Assert.Equal(after, ReadAll(spool)[^1].Sequence);
        Assert.Equal(after - ReadAll(spool).Count, spool.Stats.DroppedBatches);
    }

    [Fact]
    public void A_batch_that_cannot_fit_in_the_whole_spool_is_refused_and_the_spool_carries_on()
    {
        using var dir = new TempSpool(Small);
        using var spool = dir.Open();

        var e = Assert.Throws<ArgumentException>(() => spool.Append(1, new byte[Small.MaxBytes]));

        Assert.Contains("max_bytes", e.Message);
        Assert.Equal(1, AppendSized(spool, 10));
        Assert.Equal(0, spool.Stats.DroppedBatches);
    }
}

using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using static Vigil.Agent.Tests.Spool.TempSpool;

namespace Vigil.Agent.Tests.Spool;

/// <summary>An append cut short by a crash or power loss leaves part of a record at the end of the newest segment.</summary>
public sealed class DiskSpoolTornTailTests
{
    private const int Payload = 50;
    private const int Record = RecordHeaderBytes + Payload;

    /// <summary>Segment 1 holds batches 1–2, segment 3 holds 3–4; closed cleanly.</summary>
    private static TempSpool FourBatchesInTwoSegments()
    {
        var dir = new TempSpool(new SpoolOptions { SegmentBytes = 200, MaxBytes = 1 << 20 });
        using var spool = dir.Open();
        for (var i = 0; i < 4; i++)
        {
            AppendSized(spool, Payload);
        }
        Assert.Equal([SegmentName(1), SegmentName(3)], dir.Segments().Select(Path.GetFileName));
        return dir;
    }

    [Fact]
    public void A_last_record_cut_at_any_byte_is_discarded_and_never_misread()
    {
        using var original = FourBatchesInTwoSegments();
        const int lastStart = SegmentHeaderBytes + Record;
        for (var cut = lastStart; cut < lastStart + Record; cut++)
        {
            using var dir = original.CrashCopy();
            Truncate(dir.SegmentPath(3), cut);

            using (var spool = dir.Open())
            {
                var batches = ReadAll(spool);
                Assert.Equal(new long[] { 1, 2, 3 }, Sequences(batches));
                Assert.All(batches, b => Assert.Equal(Sized(b.Sequence, Payload), b.Payload.ToArray()));
                Assert.Equal(cut > lastStart ? 1 : 0, spool.Recovery.TornTails);
                Assert.Equal(cut - lastStart, spool.Recovery.TornBytesDiscarded);
                Assert.Equal(lastStart, new FileInfo(dir.SegmentPath(3)).Length);
                Assert.Equal(5, spool.NextSequence); // 4 was issued before the crash: never again
                AppendSized(spool, Payload);
            }
            using (var spool = dir.Open())
            {
                Assert.True(spool.Recovery.IsClean, $"cut at {cut}");
                var batches = ReadAll(spool);
                Assert.Equal(new long[] { 1, 2, 3, 5 }, Sequences(batches));
                Assert.All(batches, b => Assert.Equal(Sized(b.Sequence, Payload), b.Payload.ToArray()));
                Assert.Equal(cut > lastStart ? 1 : 0, spool.Stats.TornTails);
            }
        }
    }

    [Fact]
    public void A_damaged_last_record_with_nothing_after_it_is_a_torn_write()
    {
        using var dir = FourBatchesInTwoSegments();
        FlipByte(dir.SegmentPath(3), SegmentHeaderBytes + Record + RecordHeaderBytes + 10);

        using var spool = dir.Open();

        Assert.Equal(new long[] { 1, 2, 3 }, Sequences(ReadAll(spool)));
        Assert.Equal(1, spool.Recovery.TornTails);
        Assert.Empty(spool.Recovery.SetAside);
        Assert.Empty(dir.CorruptFiles());
    }

    [Fact]
    public void Zeros_after_the_last_record_are_a_torn_write()
    {
        // What a filesystem shows after power loss when it kept a file's new size but not its new blocks.
        using var dir = FourBatchesInTwoSegments();
        AppendBytes(dir.SegmentPath(3), new byte[5000]);

        using var spool = dir.Open();

        Assert.Equal(new long[] { 1, 2, 3, 4 }, Sequences(ReadAll(spool)));
        Assert.Equal(1, spool.Recovery.TornTails);
        Assert.Equal(5000, spool.Recovery.TornBytesDiscarded);
        Assert.Equal(SegmentHeaderBytes + 2 * Record, new FileInfo(dir.SegmentPath(3)).Length);
    }

    [Fact]
    public void Random_bytes_after_the_last_record_are_a_torn_write()
    {
        using var dir = FourBatchesInTwoSegments();
        var noise = new byte[777];
        new Random(42).NextBytes(noise);
        AppendBytes(dir.SegmentPath(3), noise);

        using var spool = dir.Open();

        Assert.Equal(new long[] { 1, 2, 3, 4 }, Sequences(ReadAll(spool)));
        Assert.Equal(1, spool.Recovery.TornTails);
        Assert.Equal(5, spool.NextSequence);
    }

    [Fact]
    public void A_new_segment_cut_short_inside_its_header_is_deleted()
    {
        using var dir = FourBatchesInTwoSegments();
        File.WriteAllBytes(dir.SegmentPath(5), File.ReadAllBytes(dir.SegmentPath(3))[..11]);

        using var spool = dir.Open();

        Assert.Equal(new long[] { 1, 2, 3, 4 }, Sequences(ReadAll(spool)));
        Assert.Equal(1, spool.Recovery.TornTails);
        Assert.Equal(11, spool.Recovery.TornBytesDiscarded);
        Assert.False(File.Exists(dir.SegmentPath(5)));
        Assert.Equal(6, spool.NextSequence); // a segment named 5 proves 5 was issued
    }

    [Fact]
    public void A_zero_length_newest_segment_is_deleted()
    {
        using var dir = FourBatchesInTwoSegments();
        File.WriteAllBytes(dir.SegmentPath(5), []);

        using var spool = dir.Open();

        Assert.Equal(new long[] { 1, 2, 3, 4 }, Sequences(ReadAll(spool)));
        Assert.Equal(1, spool.Recovery.TornTails);
        Assert.False(File.Exists(dir.SegmentPath(5)));
        AppendSized(spool, Payload);
        Assert.Equal(new long[] { 1, 2, 3, 4, 6 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    public void An_all_zero_newest_segment_is_deleted_not_set_aside()
    {
        using var dir = FourBatchesInTwoSegments();
        File.WriteAllBytes(dir.SegmentPath(5), new byte[4096]);

        using var spool = dir.Open();

        Assert.Equal(1, spool.Recovery.TornTails);
        Assert.Empty(spool.Recovery.SetAside);
        Assert.False(File.Exists(dir.SegmentPath(5)));
    }
}

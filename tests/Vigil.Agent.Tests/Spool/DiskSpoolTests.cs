using System.Runtime.Versioning;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using Vigil.Agent.SpoolWriter;
using static Vigil.Agent.Tests.Spool.TempSpool;

namespace Vigil.Agent.Tests.Spool;

public sealed class DiskSpoolTests
{
    [Fact]
    public void Appended_batches_come_back_in_order_with_their_exact_bytes()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        Assert.Equal(1, spool.NextSequence);
        AppendMany(spool, 30);

        var batches = ReadAll(spool);

        Assert.Equal(Range(1, 30), Sequences(batches));
        Assert.All(batches, b => Assert.True(SpoolWriterPayload.Matches(b.Sequence, b.Payload.Span)));
        Assert.True(dir.Segments().Length > 1, "30 batches of up to 1.3 MiB span several 4 KiB segments");
    }

    [Fact]
    public void Batches_stay_pending_until_acknowledged()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        AppendMany(spool, 5);

        Assert.Equal(Range(1, 5), Sequences(ReadAll(spool)));
        Assert.Equal(Range(1, 5), Sequences(ReadAll(spool)));
        spool.Acknowledge(3);
        Assert.Equal(Range(4, 5), Sequences(ReadAll(spool)));
        spool.Acknowledge(5);
        Assert.Empty(ReadAll(spool));
    }

    [Fact]
    public void Append_rejects_any_sequence_but_the_next_one()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        spool.Append(1, [1]);

        Assert.Throws<ArgumentException>(() => spool.Append(1, [1]));
        Assert.Throws<ArgumentException>(() => spool.Append(3, [1]));
        spool.Append(2, [2]);
        Assert.Equal(3, spool.NextSequence);
    }

    [Fact]
    public void ReadPending_stops_at_the_batch_or_byte_limit_but_always_returns_one()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        AppendSized(spool, 100);
        AppendSized(spool, 100);
        AppendSized(spool, 100);
        AppendSized(spool, 100);

        Assert.Equal(new long[] { 1, 2 }, Sequences(spool.ReadPending(2, long.MaxValue)));
        Assert.Equal(new long[] { 1, 2 }, Sequences(spool.ReadPending(10, 250)));
        Assert.Equal(new long[] { 1, 2, 3 }, Sequences(spool.ReadPending(10, 300)));
        Assert.Equal(new long[] { 1 }, Sequences(spool.ReadPending(10, 10)));
    }

    [Fact]
    public void A_clean_reopen_continues_the_sequence_without_a_gap_and_keeps_what_was_pending()
    {
        using var dir = new TempSpool();
        using (var spool = dir.Open())
        {
            AppendMany(spool, 7);
            spool.Acknowledge(4);
        }
        using (var spool = dir.Open())
        {
            Assert.True(spool.Recovery.IsClean);
            Assert.Equal(3, spool.Recovery.BatchesRecovered);
            Assert.Equal(4, spool.Recovery.AckedThrough);
            Assert.Equal(8, spool.NextSequence);
            Assert.Equal(Range(5, 7), Sequences(ReadAll(spool)));
            AppendMany(spool, 2);
            Assert.Equal(Range(5, 9), Sequences(ReadAll(spool)));
            Assert.All(ReadAll(spool), b => Assert.True(SpoolWriterPayload.Matches(b.Sequence, b.Payload.Span)));
        }
    }

    [Fact]
    public void After_a_crash_the_sequence_resumes_above_every_sequence_that_may_have_been_issued()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        AppendMany(spool, 3);
        using var crashed = dir.CrashCopy(); // no Dispose: the reserved ceiling is still on disk

        using var reopened = crashed.Open();

        Assert.Equal(DiskSpool.SequenceReservation + 1, reopened.NextSequence);
        Assert.Equal(Range(1, 3), Sequences(ReadAll(reopened)));
        Assert.True(reopened.Recovery.IsClean);
    }

    [Fact]
    public void Acknowledged_batches_are_not_returned_after_a_crash()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        AppendMany(spool, 10);
        spool.Acknowledge(6);
        using var crashed = dir.CrashCopy();

        using var reopened = crashed.Open();

        Assert.Equal(Range(7, 10), Sequences(ReadAll(reopened)));
        Assert.Equal(6, reopened.Stats.AckedThrough);
    }

    [Fact]
    public void Acknowledge_deletes_a_segment_only_once_every_batch_in_it_is_acknowledged()
    {
        using var dir = new TempSpool(new SpoolOptions { SegmentBytes = 1000, MaxBytes = 1 << 20 });
        using var spool = dir.Open();
        for (var i = 0; i < 9; i++)
        {
            AppendSized(spool, 276); // 300-byte records: three per 1000-byte segment
        }
        Assert.Equal([SegmentName(1), SegmentName(4), SegmentName(7)], dir.Segments().Select(Path.GetFileName));

        spool.Acknowledge(2);
        Assert.Equal(3, dir.Segments().Length);
        spool.Acknowledge(3);
        Assert.Equal([SegmentName(4), SegmentName(7)], dir.Segments().Select(Path.GetFileName));
        spool.Acknowledge(8);
        Assert.Equal([SegmentName(7)], dir.Segments().Select(Path.GetFileName));
        spool.Acknowledge(9);
        Assert.Single(dir.Segments()); // the segment being appended to goes once it is sealed
        AppendSized(spool, 276);
        AppendSized(spool, 276);
        Assert.Equal([SegmentName(10)], dir.Segments().Select(Path.GetFileName));
    }

    [Fact]
    public void Acknowledge_is_idempotent_ignores_older_acknowledgements_and_clamps_to_the_last_appended()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        AppendMany(spool, 5);

        spool.Acknowledge(3);
        spool.Acknowledge(3);
        spool.Acknowledge(1);
        Assert.Equal(3, spool.Stats.AckedThrough);
        spool.Acknowledge(99);
        Assert.Equal(5, spool.Stats.AckedThrough);
        AppendMany(spool, 1);
        Assert.Equal(new long[] { 6 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    public void Stats_count_pending_batches_and_their_payload_bytes()
    {
        using var dir = new TempSpool(new SpoolOptions { SegmentBytes = 1000, MaxBytes = 1 << 20 });
        using var spool = dir.Open();
        AppendSized(spool, 100);
        AppendSized(spool, 200);
        AppendSized(spool, 300);
        AppendSized(spool, 400);
        spool.ReadPending(1, long.MaxValue);
        spool.Acknowledge(1);
        spool.Acknowledge(2); // not the position the last read left off: found by walking the headers

        var stats = spool.Stats;

        Assert.Equal(2, stats.PendingBatches);
        Assert.Equal(700, stats.PendingBytes);
        Assert.Equal(2, stats.AckedThrough);
        Assert.Equal(5, stats.NextSequence);
        Assert.Equal(stats.DiskBytes, dir.Segments().Sum(f => new FileInfo(f).Length));
        Assert.Equal(new long[] { 3, 4 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_spool_directory_and_its_files_are_owner_only()
    {
        using var dir = new TempSpool();
        using var spool = dir.Open();
        AppendMany(spool, 1);

        var ownerOnlyDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnlyDir, File.GetUnixFileMode(dir.Directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Segments()[0]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.Directory, "spool.state")));
    }

    [Fact]
    public void A_second_spool_on_the_same_directory_is_refused_while_the_first_is_open()
    {
        using var dir = new TempSpool();
        using (dir.Open())
        {
            var e = Assert.Throws<IOException>(dir.Open);
            Assert.Contains("in use by another process", e.Message);
        }
        using var again = dir.Open();
    }

    [Fact]
    public void Options_that_cannot_work_are_rejected_with_the_keys_named()
    {
        using var dir = new TempSpool(new SpoolOptions { SegmentBytes = 600, MaxBytes = 1000 });

        var e = Assert.Throws<ArgumentException>(dir.Open);
        Assert.Contains("segment_bytes", e.Message);
    }

    [Fact]
    public async Task One_appender_and_one_shipper_can_work_concurrently()
    {
        using var dir = new TempSpool(new SpoolOptions { SegmentBytes = 8192, MaxBytes = 64 << 20, Fsync = FsyncPolicy.Never });
        using var spool = dir.Open();
        const int total = 2000;
        var appender = Task.Run(() =>
        {
            for (var i = 0; i < total; i++)
            {
                AppendSized(spool, 1 + (i % 300));
            }
        });
        var delivered = new List<long>();
        while (delivered.Count < total)
        {
            var batches = spool.ReadPending(50, 1 << 20);
            foreach (var batch in batches)
            {
                Assert.Equal(TempSpool.Sized(batch.Sequence, (int)(batch.Sequence - 1) % 300 + 1), batch.Payload.ToArray());
                delivered.Add(batch.Sequence);
            }
            if (batches.Count > 0)
            {
                spool.Acknowledge(batches[^1].Sequence);
            }
            Assert.False(appender.IsFaulted, appender.Exception?.ToString());
        }
        await appender;

        Assert.Equal(Range(1, total), delivered.ToArray());
        Assert.Equal(0, spool.Stats.PendingBatches);
        Assert.True(dir.Segments().Length <= 1);
    }

    [Fact]
    public void Dispose_is_safe_twice_and_the_spool_refuses_work_afterwards()
    {
        using var dir = new TempSpool();
        var spool = dir.Open();
        AppendMany(spool, 1);
        spool.Dispose();
        spool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => spool.Append(2, [1]));
        Assert.Throws<ObjectDisposedException>(() => spool.ReadPending(1, 1));
        Assert.Throws<ObjectDisposedException>(() => spool.Acknowledge(1));
    }

    [Fact]
    public void Crc32C_matches_the_published_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
    }
}

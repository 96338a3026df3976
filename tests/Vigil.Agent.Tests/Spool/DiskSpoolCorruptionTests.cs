using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using static Vigil.Agent.Tests.Spool.TempSpool;

namespace Vigil.Agent.Tests.Spool;

/// <summary>Damage no interrupted append can explain: the file is set aside, counted, and the spool carries on.</summary>
public sealed class DiskSpoolCorruptionTests
{
    private const int Payload = 50;
    private const int Record = RecordHeaderBytes + Payload;

    /// <summary>Closed cleanly, <paramref name="perSegment"/> 74-byte records per segment, batches 1..<paramref name="count"/>.</summary>
    private static TempSpool Filled(int count, int perSegment = 2)
    {
        var dir = new TempSpool(new SpoolOptions { SegmentBytes = SegmentHeaderBytes + perSegment * Record, MaxBytes = 1 << 20 });
        using var spool = dir.Open();
        for (var i = 0; i < count; i++)
        {
            AppendSized(spool, Payload);
        }
        return dir;
    }

    private static void AssertIntact(IReadOnlyList<SpooledBatch> batches) =>
        Assert.All(batches, b => Assert.Equal(Sized(b.Sequence, Payload), b.Payload.ToArray()));

    [Fact]
    public void A_damaged_first_record_of_an_older_segment_sets_the_segment_aside_and_the_rest_is_delivered()
    {
        using var dir = Filled(6); // segments 1 (1–2), 3 (3–4), 5 (5–6)
        FlipByte(dir.SegmentPath(3), SegmentHeaderBytes + RecordHeaderBytes + 7);

        using (var spool = dir.Open())
        {
            var setAside = Assert.Single(spool.Recovery.SetAside);
            Assert.Equal(SegmentName(3), setAside.Name);
            Assert.Equal("record payload checksum mismatch at offset 20", setAside.Reason);
            Assert.Equal(0, setAside.SalvagedBatches);
            Assert.Equal([setAside.KeptAs], dir.CorruptFiles());
            Assert.EndsWith("-" + SegmentName(3), setAside.KeptAs);
            Assert.False(File.Exists(dir.SegmentPath(3)));

            var batches = ReadAll(spool);
            Assert.Equal(new long[] { 1, 2, 5, 6 }, Sequences(batches));
            AssertIntact(batches);
            Assert.Equal(7, spool.NextSequence);
            Assert.Equal(1, spool.Stats.CorruptSegments);
            Assert.Equal(setAside, spool.LastSetAside);
        }
        using (var spool = dir.Open())
        {
            Assert.True(spool.Recovery.IsClean);
            Assert.Equal(1, spool.Stats.CorruptSegments); // the total is persisted
        }
    }

    [Fact]
    public void Sound_records_before_the_damage_are_salvaged_into_the_spool()
    {
        using var dir = Filled(6);
        FlipByte(dir.SegmentPath(3), SegmentHeaderBytes + Record + RecordHeaderBytes + 7); // record 4, the segment's last

        using var spool = dir.Open();

        var setAside = Assert.Single(spool.Recovery.SetAside);
        Assert.Equal(1, setAside.SalvagedBatches);
        Assert.Equal(SegmentHeaderBytes + Record, new FileInfo(dir.SegmentPath(3)).Length);
        Assert.Single(dir.CorruptFiles());
        var batches = ReadAll(spool);
        Assert.Equal(new long[] { 1, 2, 3, 5, 6 }, Sequences(batches));
        AssertIntact(batches);
    }

    [Fact]
    public void An_older_segment_that_ends_mid_record_is_corrupt_not_torn()
    {
        using var dir = Filled(6);
        Truncate(dir.SegmentPath(3), SegmentHeaderBytes + Record + 30);

        using var spool = dir.Open();

        Assert.Equal(0, spool.Recovery.TornTails);
        Assert.StartsWith("record runs past the end of the segment", Assert.Single(spool.Recovery.SetAside).Reason);
        Assert.Equal(new long[] { 1, 2, 3, 5, 6 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    public void Damage_in_the_middle_of_the_newest_segment_is_corrupt_and_its_lost_sequences_are_never_reissued()
    {
        using var dir = Filled(9, perSegment: 3); // segments 1 (1–3), 4 (4–6), 7 (7–9)
        FlipByte(dir.SegmentPath(7), SegmentHeaderBytes + Record + 3); // record 8's header; 9 after it is sound

        using var spool = dir.Open();

        Assert.Equal(0, spool.Recovery.TornTails);
        var setAside = Assert.Single(spool.Recovery.SetAside);
        Assert.Equal("record header damaged at offset 94", setAside.Reason);
        Assert.Equal(1, setAside.SalvagedBatches);
        var batches = ReadAll(spool);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6, 7 }, Sequences(batches));
        AssertIntact(batches);
        // Only 7 is left on disk, but 8 and 9 were issued (and maybe delivered): the persisted ceiling says so.
        Assert.Equal(10, spool.NextSequence);
        AppendSized(spool, Payload);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6, 7, 10 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    public void A_segment_header_with_the_wrong_magic_is_set_aside()
    {
        using var dir = Filled(6);
        FlipByte(dir.SegmentPath(3), 0);

        using var spool = dir.Open();

        var setAside = Assert.Single(spool.Recovery.SetAside);
        Assert.Equal("segment header: wrong magic", setAside.Reason);
        Assert.Equal(0, setAside.SalvagedBatches);
        Assert.Equal(new long[] { 1, 2, 5, 6 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    public void A_newest_segment_with_a_bad_header_but_written_records_is_corrupt_not_torn()
    {
        using var dir = Filled(6);
        FlipByte(dir.SegmentPath(5), 9); // first-sequence field: the header checksum no longer matches

        using var spool = dir.Open();

        Assert.Equal(0, spool.Recovery.TornTails);
        Assert.Equal("segment header: checksum mismatch", Assert.Single(spool.Recovery.SetAside).Reason);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, Sequences(ReadAll(spool)));
        Assert.Equal(7, spool.NextSequence);
    }

    [Fact]
    public void A_zero_length_older_segment_is_set_aside()
    {
        using var dir = Filled(6);
        File.WriteAllBytes(dir.SegmentPath(4), []);

        using var spool = dir.Open();

        var setAside = Assert.Single(spool.Recovery.SetAside);
        Assert.Equal(SegmentName(4), setAside.Name);
        Assert.Equal("segment shorter than its header", setAside.Reason);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    public void Files_that_are_not_the_spools_are_listed_and_left_alone()
    {
        using var dir = Filled(2);
        File.WriteAllText(Path.Combine(dir.Directory, "notes.txt"), "hello");
        File.WriteAllText(Path.Combine(dir.Directory, "42.seg"), "not a segment name");
        File.WriteAllText(Path.Combine(dir.Directory, SegmentName(0)), "sequence 0 is never issued");
        Directory.CreateDirectory(Path.Combine(dir.Directory, "stuff"));

        using var spool = dir.Open();

        Assert.Equal(["00000000000000000000.seg", "42.seg", "notes.txt"], spool.Recovery.IgnoredFiles);
        Assert.True(spool.Recovery.IsClean);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(dir.Directory, "notes.txt")));
        Assert.Equal(new long[] { 1, 2 }, Sequences(ReadAll(spool)));
    }

    [Fact]
    public void A_damaged_state_file_is_set_aside_and_sequences_jump_clear_of_any_that_may_have_been_issued()
    {
        using var dir = Filled(6);
        using (var spool = dir.Open())
        {
            spool.Acknowledge(2);
        }
        FlipByte(Path.Combine(dir.Directory, "spool.state"), 10);

        using (var spool = dir.Open())
        {
            Assert.Contains("spool.state is damaged", spool.Recovery.StateProblem);
            Assert.Equal("spool.state", spool.Recovery.SetAside[0].Name);
            Assert.False(spool.Recovery.IsClean);
            // The acknowledgement was lost with the file: batches 3–6 remain, sent again and deduplicated by the server.
            Assert.Equal(new long[] { 3, 4, 5, 6 }, Sequences(ReadAll(spool)));
            Assert.Equal(6 + 1 + DiskSpool.SequenceReservation, spool.NextSequence);
        }
        using (var spool = dir.Open())
        {
            Assert.True(spool.Recovery.IsClean);
        }
    }

    [Fact]
    public void A_missing_state_file_is_reported_when_segments_exist()
    {
        using var dir = Filled(4);
        File.Delete(Path.Combine(dir.Directory, "spool.state"));

        using var spool = dir.Open();

        Assert.Equal("spool.state is missing", spool.Recovery.StateProblem);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, Sequences(ReadAll(spool)));
        Assert.True(spool.NextSequence > 4 + DiskSpool.SequenceReservation);
    }

    [Fact]
    public void A_segment_overlapping_its_predecessor_is_set_aside()
    {
        using var dir = Filled(4, perSegment: 4); // segment 1 holds 1–4
        using (var other = Filled(2, perSegment: 4))
        {
            File.Delete(other.SegmentPath(1));
            using (var spool = other.Open())
            {
                Assert.Equal(3, spool.NextSequence);
                AppendSized(spool, Payload);
            }
            File.Copy(other.SegmentPath(3), dir.SegmentPath(3)); // a well-formed segment of 3, overlapping segment 1
        }

        using var reopened = dir.Open();

        Assert.Equal("overlaps 00000000000000000001.seg, which runs to sequence 4", Assert.Single(reopened.Recovery.SetAside).Reason);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, Sequences(ReadAll(reopened)));
    }

    [Fact]
    public void A_salvage_interrupted_before_its_rename_is_completed_at_the_next_open()
    {
        using var dir = Filled(6);
        File.Move(dir.SegmentPath(3), dir.SegmentPath(3) + ".salvage");
        File.WriteAllText(dir.SegmentPath(5) + ".salvage", "left over from a salvage whose original was still in place");

        using var spool = dir.Open();

        Assert.True(spool.Recovery.IsClean);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, Sequences(ReadAll(spool)));
        Assert.Empty(Directory.GetFiles(dir.Directory, "*.salvage"));
    }

    [Fact]
    public void The_corrupt_folder_keeps_the_newest_files_within_its_bound()
    {
        using var dir = Filled(1);
        var junk = new byte[1_500_000];
        Array.Fill(junk, (byte)0xAB);
        for (var first = 100; first < 106; first++)
        {
            File.WriteAllBytes(dir.SegmentPath(first), junk); // wrong magic: corrupt, even the newest
        }

        using var spool = dir.Open();

        Assert.Equal(6, spool.Recovery.SetAside.Count);
        var kept = dir.CorruptFiles();
        Assert.Equal(spool.Recovery.SetAside.TakeLast(2).Select(s => s.KeptAs), kept);
        Assert.Equal(6, spool.Stats.CorruptSegments);
        Assert.Equal(106, spool.NextSequence); // the names alone prove 100–105 were issued
    }

    [Fact]
    public void Damage_that_appears_while_running_is_never_returned_and_the_segment_is_set_aside()
    {
        using var dir = new TempSpool(new SpoolOptions { SegmentBytes = SegmentHeaderBytes + 2 * Record, MaxBytes = 1 << 20 });
        using var spool = dir.Open();
        for (var i = 0; i < 6; i++)
        {
            AppendSized(spool, Payload);
        }
        FlipByte(dir.SegmentPath(3), SegmentHeaderBytes + Record + RecordHeaderBytes + 1); // record 4
        FlipByte(dir.SegmentPath(5), SegmentHeaderBytes + RecordHeaderBytes + 1);          // record 5, in the active segment

        var batches = ReadAll(spool);

        Assert.Equal(new long[] { 1, 2, 3 }, Sequences(batches));
        AssertIntact(batches);
        Assert.Equal(2, spool.Stats.CorruptSegments);
        Assert.Equal(2, dir.CorruptFiles().Length);
        Assert.NotNull(spool.LastSetAside);
        AppendSized(spool, Payload);
        Assert.Equal(new long[] { 1, 2, 3, 7 }, Sequences(ReadAll(spool)));
        spool.Acknowledge(7);
        Assert.Empty(ReadAll(spool));
    }
}

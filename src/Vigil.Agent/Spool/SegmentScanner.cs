using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Agent.Spool;

/// <summary>
/// Reads a whole segment at recovery and decides whether damage in it is a torn tail (an append cut short by a crash,
/// which can only be the last thing in the last segment) or corruption (anything else).
/// </summary>
internal static class SegmentScanner
{
    public static SegmentScan Scan(SafeFileHandle file, long firstSequence, bool isLast, long ackedThrough, byte[] scratch)
    {
        var length = RandomAccess.GetLength(file);
        var none = firstSequence - 1;
        if (length < SpoolFormat.SegmentHeaderSize)
        {
            return isLast
                ? new SegmentScan(SegmentVerdict.TornHeader, 0, none, 0, "segment shorter than its header")
                : new SegmentScan(SegmentVerdict.Corrupt, 0, none, 0, "segment shorter than its header");
        }
        var header = scratch.AsSpan(0, SpoolFormat.SegmentHeaderSize);
        RecordIo.ReadFully(file, header, 0);
        var headerProblem = SpoolFormat.CheckSegmentHeader(header, firstSequence);
        if (headerProblem is not null)
        {
            // A filesystem can keep a grown size whose blocks never reached the disk: they read back as zeros.
            return isLast && IsAllZero(file, length, scratch)
                ? new SegmentScan(SegmentVerdict.TornHeader, 0, none, 0, "segment never written (all zeros)")
                : new SegmentScan(SegmentVerdict.Corrupt, 0, none, 0, headerProblem);
        }

        var offset = (long)SpoolFormat.SegmentHeaderSize;
        var expected = firstSequence;
        var firstUnacked = -1L;
        while (offset < length)
        {
            var problem = RecordIo.Check(file, offset, length, scratch, out var record);
            if (problem is null && record.Sequence != expected)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"record carries sequence {record.Sequence}, expected {expected}");
                return Damaged(SegmentVerdict.Corrupt, offset, expected, firstUnacked, problem);
            }
            if (problem is not null)
            {
                var torn = isLast && !HasSoundRecordAfter(file, offset, length, scratch);
                return Damaged(torn ? SegmentVerdict.TornTail : SegmentVerdict.Corrupt, offset, expected, firstUnacked, problem);
            }
            if (firstUnacked < 0 && expected > ackedThrough)
            {
                firstUnacked = offset;
            }
            offset += record.RecordSize;
            expected++;
        }
        return new SegmentScan(SegmentVerdict.Sound, offset, expected - 1, firstUnacked < 0 ? offset : firstUnacked, null);
    }

    private static SegmentScan Damaged(SegmentVerdict verdict, long offset, long expected, long firstUnacked, string problem) =>
        new(verdict, offset, expected - 1, firstUnacked < 0 ? offset : firstUnacked,
            string.Create(CultureInfo.InvariantCulture, $"{problem} at offset {offset}"));

    /// <summary>
    /// True if a whole, checksummed record starts anywhere after <paramref name="damage"/>. An interrupted append
    /// leaves nothing sound behind it, so finding one proves the damage is corruption, not a torn write.
    /// </summary>
    private static bool HasSoundRecordAfter(SafeFileHandle file, long damage, long length, byte[] scratch)
    {
        ReadOnlySpan<byte> magic = [0x56, 0x52, 0x45, 0x43]; // "VREC"
        // Candidates are checked with a second buffer: Check() overwrites the one the search is walking.
        var checkScratch = new byte[SpoolFormat.RecordHeaderSize + 4096];
        var chunkStart = damage + 1;
        while (length - chunkStart >= SpoolFormat.RecordHeaderSize)
        {
            var chunk = scratch.AsSpan(0, (int)Math.Min(scratch.Length, length - chunkStart));
            if (!RecordIo.ReadFully(file, chunk, chunkStart))
            {
                return false;
            }
            var searched = 0;
            while (true)
            {
                var hit = chunk[searched..].IndexOf(magic);
                if (hit < 0)
                {
                    break;
                }
                var candidate = chunkStart + searched + hit;
                if (RecordIo.Check(file, candidate, length, checkScratch, out _) is null)
                {
                    return true;
                }
                searched += hit + 1;
            }
            // Overlap by the magic's length − 1 so a magic straddling two chunks is still found.
            chunkStart += Math.Max(1, chunk.Length - (magic.Length - 1));
        }
        return false;
    }

    private static bool IsAllZero(SafeFileHandle file, long length, byte[] scratch)
    {
        for (var offset = 0L; offset < length;)
        {
            var chunk = scratch.AsSpan(0, (int)Math.Min(scratch.Length, length - offset));
            if (!RecordIo.ReadFully(file, chunk, offset) || chunk.ContainsAnyExcept((byte)0))
            {
                return false;
            }
            offset += chunk.Length;
        }
        return true;
    }
}

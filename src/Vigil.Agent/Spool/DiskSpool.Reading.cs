using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Agent.Spool;

public sealed partial class DiskSpool
{
    /// <summary>Adds the segment's unacknowledged batches to <paramref name="batches"/>; false once a limit is reached.</summary>
    private bool ReadSegment(SpoolSegment segment, List<SpooledBatch> batches, ref long bytes, int maxBatches, long maxBytes)
    {
        var reader = OpenReader(segment);
        if (reader is null)
        {
            return true;
        }
        var owned = reader != segment.Writer;
        try
        {
            var sequence = Math.Max(segment.FirstSequence, _state.AckedThrough + 1);
            var offset = segment.FirstUnackedOffset;
            while (sequence <= segment.LastSequence)
            {
                if (batches.Count >= maxBatches)
                {
                    return false;
                }
                var problem = RecordIo.Read(reader, offset, segment.Size, out var header, out var payload);
                if (problem is null && header.Sequence != sequence)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"record carries sequence {header.Sequence}, expected {sequence}");
                }
                if (problem is not null)
                {
                    SetAsideWhileRunning(segment, offset, sequence - 1, problem);
                    return true;
                }
                if (batches.Count > 0 && bytes + payload.Length > maxBytes)
                {
                    return false;
                }
                batches.Add(new SpooledBatch(sequence, payload));
                bytes += payload.Length;
                offset += header.RecordSize;
                sequence++;
                _readHint = new SpoolPosition(segment, sequence, offset);
            }
            return true;
        }
        finally
        {
            if (owned)
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>Moves the segment's first-unacknowledged offset to the record after <paramref name="through"/>.</summary>
    private void MoveAckedOffset(SpoolSegment segment, long previous, long through)
    {
        var target = through + 1;
        if (_readHint.Segment == segment && _readHint.Sequence == target)
        {
            segment.FirstUnackedOffset = _readHint.Offset;
            return;
        }
        var reader = OpenReader(segment);
        if (reader is null)
        {
            return;
        }
        var owned = reader != segment.Writer;
        try
        {
            var sequence = Math.Max(segment.FirstSequence, previous + 1);
            var offset = segment.FirstUnackedOffset;
            while (sequence < target)
            {
                if (!RecordIo.TryReadHeader(reader, offset, segment.Size, out var header) || header.Sequence != sequence)
                {
                    SetAsideWhileRunning(segment, offset, sequence - 1, "record header damaged");
                    return;
                }
                offset += header.RecordSize;
                sequence++;
            }
            segment.FirstUnackedOffset = offset;
        }
        finally
        {
            if (owned)
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>The active segment's own handle, a new read handle, or null (and the segment counted lost) if its file vanished.</summary>
    private SafeFileHandle? OpenReader(SpoolSegment segment)
    {
        if (segment.Writer is not null)
        {
            return segment.Writer;
        }
        try
        {
            return SpoolFiles.OpenRead(segment.Path);
        }
        catch (FileNotFoundException)
        {
            Forget(segment);
            CountAndSave(_state with { CorruptSegments = _state.CorruptSegments + 1 });
            return null;
        }
    }

    /// <summary>Damage found after recovery (the disk changed under the spool): set the segment aside, keeping the sound records before it.</summary>
    private void SetAsideWhileRunning(SpoolSegment segment, long damage, long lastSound, string problem)
    {
        segment.Writer?.Dispose();
        segment.Writer = null;
        var salvage = lastSound > _state.AckedThrough;
        var kept = SetAside(segment.Path, salvage ? damage : 0);
        Forget(segment);
        if (salvage)
        {
            segment.Size = damage;
            segment.LastSequence = lastSound;
            _segments.Add(segment);
            _segments.Sort(static (a, b) => a.FirstSequence.CompareTo(b.FirstSequence));
            _diskBytes += damage;
        }
        CountAndSave(_state with { CorruptSegments = _state.CorruptSegments + 1 });
        LastSetAside = new SetAsideFile(segment.Name, string.Create(CultureInfo.InvariantCulture, $"{problem} at offset {damage}"), kept,
            salvage ? segment.PendingBatches(_state.AckedThrough) : 0);
    }

    /// <summary>
    /// Moves a damaged file to <c>corrupt/</c>. With <paramref name="salvageEnd"/> &gt; 0 its first bytes (the header and
    /// the sound records before the damage) are first copied to <c>NAME.salvage</c>, fsync'd, and renamed into place
    /// after the move; recovery finishes that rename if a crash interrupts it. Returns the name kept in <c>corrupt/</c>.
    /// </summary>
    private string SetAside(string path, long salvageEnd)
    {
        string? salvage = null;
        if (salvageEnd > SpoolFormat.SegmentHeaderSize)
        {
            salvage = path + SalvageSuffix;
            CopyPrefix(path, salvage, salvageEnd);
        }
        var kept = CorruptFolder.Keep(_directory, path, _time);
        if (salvage is not null)
        {
            File.Move(salvage, path);
            DirectorySync.Flush(_directory);
        }
        return kept;
    }

    private static void CopyPrefix(string source, string destination, long length)
    {
        var chunk = new byte[64 << 10];
        using var from = SpoolFiles.OpenRead(source);
        using var to = SpoolFiles.Create(destination);
        for (var offset = 0L; offset < length;)
        {
            var span = chunk.AsSpan(0, (int)Math.Min(chunk.Length, length - offset));
            if (!RecordIo.ReadFully(from, span, offset))
            {
                throw new IOException($"'{source}' shrank while being salvaged");
            }
            RandomAccess.Write(to, span, offset);
            offset += span.Length;
        }
        RandomAccess.FlushToDisk(to);
    }
}

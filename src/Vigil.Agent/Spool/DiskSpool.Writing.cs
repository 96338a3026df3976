using Vigil.Agent.Configuration;

namespace Vigil.Agent.Spool;

public sealed partial class DiskSpool
{
    /// <summary>Creates the segment that starts at <paramref name="sequence"/>, writing its header and first record in one call.</summary>
    private SpoolSegment StartSegment(long sequence, ReadOnlySpan<byte> headerAndRecord)
    {
        var path = Path.Combine(_directory, SpoolFormat.SegmentName(sequence));
        var writer = SpoolFiles.Create(path);
        try
        {
            RandomAccess.Write(writer, headerAndRecord, 0);
            if (_options.Fsync == FsyncPolicy.Always)
            {
                RandomAccess.FlushToDisk(writer);
                DirectorySync.Flush(_directory); // the new file's name must survive power loss too
            }
        }
        catch
        {
            writer.Dispose();
            File.Delete(path);
            throw;
        }
        var segment = new SpoolSegment(path, sequence) { Writer = writer, FirstUnackedOffset = SpoolFormat.SegmentHeaderSize };
        _segments.Add(segment);
        _active = segment;
        return segment;
    }

    private void WriteRecord(SpoolSegment active, ReadOnlySpan<byte> record)
    {
        var writer = active.Writer!;
        try
        {
            RandomAccess.Write(writer, record, active.Size);
            if (_options.Fsync == FsyncPolicy.Always)
            {
                RandomAccess.FlushToDisk(writer);
            }
        }
        catch
        {
            // Best effort: the next append overwrites from the same offset anyway, and recovery cuts anything
            // left past the last sound record of the newest segment.
            try
            {
                RandomAccess.SetLength(writer, active.Size);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }

    /// <summary>Stops appending to <paramref name="segment"/>. Under <c>never</c> this is when it reaches the disk.</summary>
    private void Seal(SpoolSegment segment)
    {
        if (_options.Fsync == FsyncPolicy.Never)
        {
            RandomAccess.FlushToDisk(segment.Writer!);
            DirectorySync.Flush(_directory);
        }
        segment.Writer!.Dispose();
        segment.Writer = null;
        _active = null;
        if (segment.LastSequence <= _state.AckedThrough)
        {
            Delete(segment);
        }
    }

    /// <summary>Deletes the oldest segments until <paramref name="needed"/> more bytes fit in max_bytes; counts the batches lost.</summary>
    private void MakeRoom(long needed)
    {
        var dropped = 0L;
        while (_diskBytes + needed > _options.MaxBytes && _segments.Count > 0 && _segments[0] != _active)
        {
            var oldest = _segments[0];
            dropped += oldest.PendingBatches(_state.AckedThrough);
            Delete(oldest);
        }
        if (dropped > 0)
        {
            CountAndSave(_state with { DroppedBatches = _state.DroppedBatches + dropped });
        }
    }

    private void Delete(SpoolSegment segment)
    {
        segment.Writer?.Dispose();
        segment.Writer = null;
        File.Delete(segment.Path);
        Forget(segment);
    }

    /// <summary>Takes a segment out of the index (its file is already gone or moved).</summary>
    private void Forget(SpoolSegment segment)
    {
        _segments.Remove(segment);
        _diskBytes -= segment.Size;
        if (_active == segment)
        {
            _active = null;
        }
        if (_readHint.Segment == segment)
        {
            _readHint = default;
        }
    }
}

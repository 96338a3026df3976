using Microsoft.Win32.SafeHandles;

namespace Vigil.Agent.Spool;

/// <summary>The spool's in-memory index entry for one segment file: which sequences it holds and where.</summary>
internal sealed class SpoolSegment(string path, long firstSequence)
{
    public string Path { get; } = path;
    public string Name => System.IO.Path.GetFileName(Path);
    public long FirstSequence { get; } = firstSequence;
    /// <summary>Sequence of the last record; <see cref="FirstSequence"/> − 1 while the segment is empty.</summary>
    public long LastSequence { get; set; } = firstSequence - 1;
    /// <summary>Bytes of sound data: the segment header and whole records. Appends go here.</summary>
    public long Size { get; set; }
    /// <summary>Offset of the first record not yet acknowledged (<see cref="Size"/> when all are).</summary>
    public long FirstUnackedOffset { get; set; }
    /// <summary>Open for appends while this is the active (newest) segment; null otherwise.</summary>
    public SafeFileHandle? Writer { get; set; }

    public long PendingBatches(long ackedThrough) =>
        Math.Max(0, LastSequence - Math.Max(FirstSequence, ackedThrough + 1) + 1);

    /// <summary>Payload bytes of the records past the acknowledged sequence (every record carries one header).</summary>
    public long PendingPayloadBytes(long ackedThrough) =>
        Size - FirstUnackedOffset - PendingBatches(ackedThrough) * SpoolFormat.RecordHeaderSize;
}

namespace Vigil.Agent.Spool;

/// <summary>A decoded record header whose own checksum was right; the payload is still to be checked against <see cref="PayloadCrc"/>.</summary>
internal readonly record struct RecordHeader(long Sequence, int PayloadLength, uint PayloadCrc)
{
    /// <summary>Bytes the record occupies on disk, header included.</summary>
    public long RecordSize => SpoolFormat.RecordHeaderSize + (long)PayloadLength;
}

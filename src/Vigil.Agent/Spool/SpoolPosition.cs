namespace Vigil.Agent.Spool;

/// <summary>
/// Where the record with <paramref name="Sequence"/> starts in <paramref name="Segment"/>. The spool remembers the
/// position just past the last batch it handed out, so the acknowledgement that usually follows needs no re-reading.
/// </summary>
internal readonly record struct SpoolPosition(SpoolSegment? Segment, long Sequence, long Offset);

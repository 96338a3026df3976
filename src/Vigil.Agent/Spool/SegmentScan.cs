namespace Vigil.Agent.Spool;

/// <summary>The result of scanning one segment file at recovery.</summary>
/// <param name="Verdict">What to do with the file.</param>
/// <param name="ValidEnd">Offset just past the last sound record (the header size when there is none).</param>
/// <param name="LastSequence">Sequence of the last sound record; first sequence − 1 when there is none.</param>
/// <param name="FirstUnackedOffset">Offset of the first sound record past the acknowledged sequence, or <paramref name="ValidEnd"/>.</param>
/// <param name="Problem">For anything but <see cref="SegmentVerdict.Sound"/>: what was found, and where.</param>
internal readonly record struct SegmentScan(
    SegmentVerdict Verdict,
    long ValidEnd,
    long LastSequence,
    long FirstUnackedOffset,
    string? Problem);

namespace Vigil.Agent.Spool;

/// <summary>A snapshot of the spool, for the agent's self-metrics and health.</summary>
/// <param name="PendingBatches">Batches appended and not yet acknowledged.</param>
/// <param name="PendingBytes">Payload bytes of those batches.</param>
/// <param name="DiskBytes">Bytes of all segment files (what <c>max_bytes</c> bounds); set-aside files are not counted.</param>
/// <param name="Segments">Segment files in the spool.</param>
/// <param name="AckedThrough">Highest sequence acknowledged; 0 before the first acknowledgement.</param>
/// <param name="NextSequence">The sequence the next append will carry.</param>
/// <param name="DroppedBatches">Unacknowledged batches deleted to stay within <c>max_bytes</c>, since the spool was created.</param>
/// <param name="CorruptSegments">Segments set aside as corrupt, since the spool was created.</param>
/// <param name="TornTails">Interrupted appends discarded at recovery, since the spool was created.</param>
public readonly record struct SpoolStats(
    long PendingBatches,
    long PendingBytes,
    long DiskBytes,
    int Segments,
    long AckedThrough,
    long NextSequence,
    long DroppedBatches,
    long CorruptSegments,
    long TornTails);

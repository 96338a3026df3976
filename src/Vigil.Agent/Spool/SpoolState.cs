namespace Vigil.Agent.Spool;

/// <summary>What the spool keeps in <c>spool.state</c> besides the segments themselves.</summary>
/// <param name="AckedThrough">Every sequence up to this one was delivered; 0 when none was.</param>
/// <param name="IssuedCeiling">No sequence above this was ever appended: the next one issued after a restart lies above it.</param>
/// <param name="DroppedBatches">Unacknowledged batches deleted to keep the size bound, since the spool was created.</param>
/// <param name="CorruptSegments">Segments set aside as corrupt, since the spool was created.</param>
/// <param name="TornTails">Interrupted appends cut off at recovery, since the spool was created.</param>
internal readonly record struct SpoolState(
    long AckedThrough,
    long IssuedCeiling,
    long DroppedBatches,
    long CorruptSegments,
    long TornTails);

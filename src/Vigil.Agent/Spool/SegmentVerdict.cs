namespace Vigil.Agent.Spool;

/// <summary>What recovery concluded about one segment file.</summary>
internal enum SegmentVerdict
{
    /// <summary>Every byte belongs to a sound record.</summary>
    Sound,
    /// <summary>The last segment ends in an interrupted write: cut it at <see cref="SegmentScan.ValidEnd"/>.</summary>
    TornTail,
    /// <summary>The last segment was interrupted before its header was written: delete it.</summary>
    TornHeader,
    /// <summary>Damage that an interrupted append cannot explain: set the file aside.</summary>
    Corrupt,
}

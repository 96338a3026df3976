namespace Vigil.Agent.Pipeline;

/// <summary>
/// The agent's view of itself, updated by the runtime and read by the <c>agent</c> collector. Fields are written
/// from the agent's loop and read from collector runs, so they use interlocked/volatile access.
/// </summary>
public sealed class AgentStatus
{
    private long _spoolPendingBatches;
    private long _spoolPendingBytes;
    private long _spoolDroppedBatches;
    private long _spoolCorruptSegments;
    private long _batchesSealed;
    private long _batchesShipped;
    private long _batchesRejected;
    private long _bytesSealed;
    private long _redactions;
    private long _droppedSeries;
    private int _shedCollectors;

    public long SpoolPendingBatches { get => Volatile.Read(ref _spoolPendingBatches); set => Volatile.Write(ref _spoolPendingBatches, value); }
    public long SpoolPendingBytes { get => Volatile.Read(ref _spoolPendingBytes); set => Volatile.Write(ref _spoolPendingBytes, value); }
    public long SpoolDroppedBatches { get => Volatile.Read(ref _spoolDroppedBatches); set => Volatile.Write(ref _spoolDroppedBatches, value); }
    public long SpoolCorruptSegments { get => Volatile.Read(ref _spoolCorruptSegments); set => Volatile.Write(ref _spoolCorruptSegments, value); }
    public long BatchesSealed => Volatile.Read(ref _batchesSealed);
    public long BytesSealed => Volatile.Read(ref _bytesSealed);
    public long BatchesShipped { get => Volatile.Read(ref _batchesShipped); set => Volatile.Write(ref _batchesShipped, value); }
    /// <summary>Batches the destination refused for good (malformed, too large, out of order), dropped from the spool.</summary>
    public long BatchesRejected => Volatile.Read(ref _batchesRejected);
    public long Redactions { get => Volatile.Read(ref _redactions); set => Volatile.Write(ref _redactions, value); }
    public long DroppedSeries => Volatile.Read(ref _droppedSeries);
    /// <summary>Optional collectors the watchdog has paused right now.</summary>
    public int ShedCollectors { get => Volatile.Read(ref _shedCollectors); set => Volatile.Write(ref _shedCollectors, value); }

    /// <summary>Per collector: errors since start and the duration of the last run.</summary>
    public Dictionary<string, CollectorStatus> Collectors { get; } = new(StringComparer.Ordinal);

    public void BatchSealed(long bytes)
    {
        Interlocked.Increment(ref _batchesSealed);
        Interlocked.Add(ref _bytesSealed, bytes);
    }

    public void BatchRejected() => Interlocked.Increment(ref _batchesRejected);

    public void SeriesDropped(int count) => Interlocked.Add(ref _droppedSeries, count);
}

/// <summary>Counters of one collector, for self-metrics.</summary>
public sealed class CollectorStatus
{
    public long Runs { get; set; }
    public long Errors { get; set; }
    public double LastDurationSeconds { get; set; }
}

namespace Vigil.Blobs.Locking;

/// <summary>What a lock object says: who holds it, since when, for what.</summary>
public sealed record LockRecord
{
    /// <summary><c>add</c> or <c>gc</c>.</summary>
    public required string Kind { get; init; }

    public required string Host { get; init; }

    public int Pid { get; init; }

    /// <summary>The holder's start time in clock ticks since boot (/proc/PID/stat field 22), so a reused PID is not mistaken for it.</summary>
    public long ProcessStart { get; init; }

    public DateTimeOffset Created { get; init; }
}

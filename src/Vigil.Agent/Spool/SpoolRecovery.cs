namespace Vigil.Agent.Spool;

/// <summary>What <see cref="DiskSpool.Open"/> found and did. The agent reports anything but a clean recovery as health.</summary>
public sealed record SpoolRecovery
{
    /// <summary>Unacknowledged batches found intact, to be shipped.</summary>
    public long BatchesRecovered { get; init; }
    /// <summary>Highest sequence acknowledged before the restart.</summary>
    public long AckedThrough { get; init; }
    /// <summary>The sequence the first append will carry.</summary>
    public long NextSequence { get; init; }
    /// <summary>Interrupted appends found at the end of the spool and cut off (each one a batch whose append never returned).</summary>
    public int TornTails { get; init; }
    /// <summary>Bytes those interrupted appends had left behind.</summary>
    public long TornBytesDiscarded { get; init; }
    /// <summary>Damaged files moved to <c>corrupt/</c>.</summary>
    public IReadOnlyList<SetAsideFile> SetAside { get; init; } = [];
    /// <summary>Files in the spool directory that are not the spool's; left alone.</summary>
    public IReadOnlyList<string> IgnoredFiles { get; init; } = [];
    /// <summary>
    /// Set when <c>spool.state</c> was missing or damaged although segments existed: acknowledgements were lost (the
    /// remaining batches will be sent again; the server drops the duplicates) and sequences resume past a safety gap.
    /// </summary>
    public string? StateProblem { get; init; }

    /// <summary>True when the spool was exactly as the last run left it.</summary>
    public bool IsClean => TornTails == 0 && SetAside.Count == 0 && StateProblem is null;
}

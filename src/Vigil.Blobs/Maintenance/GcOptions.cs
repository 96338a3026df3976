namespace Vigil.Blobs.Maintenance;

/// <summary>How a GC runs.</summary>
public sealed record GcOptions
{
    /// <summary>Snapshots to remove first (default: none).</summary>
    public RetentionPolicy Retention { get; init; } = new();

    /// <summary>How long to wait for adds that were running when the GC started (default 10 minutes); past it the GC stops without deleting anything.</summary>
    public TimeSpan WaitForAdds { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Report what would be removed, change nothing.</summary>
    public bool DryRun { get; init; }
}

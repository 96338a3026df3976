using Vigil.Blobs.Snapshots;

namespace Vigil.Blobs.Maintenance;

/// <summary>
/// Which snapshots to keep: the newest <see cref="KeepLastPerHost"/> of each host, and every snapshot younger than
/// <see cref="KeepWithin"/>. A snapshot either rule keeps is kept; with neither rule set, everything is kept.
/// </summary>
public sealed record RetentionPolicy
{
    public int? KeepLastPerHost { get; init; }

    public TimeSpan? KeepWithin { get; init; }

    public bool IsEmpty => KeepLastPerHost is null && KeepWithin is null;

    public void Validate()
    {
        if (KeepLastPerHost is < 1)
        {
            throw new ArgumentException($"keep-last: {KeepLastPerHost} must be at least 1");
        }
        if (KeepWithin is { } w && w <= TimeSpan.Zero)
        {
            throw new ArgumentException($"keep-days: {w.TotalDays} must be positive");
        }
    }

    /// <summary>The snapshots this policy removes, given the time now.</summary>
    public IReadOnlyList<SnapshotInfo> ToRemove(IReadOnlyList<SnapshotInfo> snapshots, DateTimeOffset now)
    {
        Validate();
        if (IsEmpty)
        {
            return [];
        }
        var keep = new HashSet<string>(StringComparer.Ordinal);
        if (KeepLastPerHost is { } n)
        {
            foreach (var host in snapshots.GroupBy(s => s.Snapshot.Host, StringComparer.Ordinal))
            {
                keep.UnionWith(host.OrderByDescending(s => s.Snapshot.Time).ThenBy(s => s.Id, StringComparer.Ordinal).Take(n).Select(s => s.Id));
            }
        }
        if (KeepWithin is { } within)
        {
            keep.UnionWith(snapshots.Where(s => s.Snapshot.Time >= now - within).Select(s => s.Id));
        }
        return [.. snapshots.Where(s => !keep.Contains(s.Id))];
    }
}

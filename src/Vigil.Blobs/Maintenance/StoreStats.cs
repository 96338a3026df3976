using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Maintenance;

/// <summary>Logical against stored bytes, for the store and per host.</summary>
public sealed record StoreStats
{
    public int Snapshots { get; init; }

    public int Blobs { get; init; }

    public int Packs { get; init; }

    public long LogicalBytes { get; init; }

    /// <summary>Sum of the distinct blobs' uncompressed sizes (after deduplication, before compression).</summary>
    public long UniqueBytes { get; init; }

    /// <summary>Every byte the backend holds: packs, index files, snapshots.</summary>
    public long StoredBytes { get; init; }

    public double Ratio => StoredBytes == 0 ? 0 : LogicalBytes / (double)StoredBytes;

    public IReadOnlyList<HostStats> Hosts { get; init; } = [];

    public static async Task<StoreStats> ComputeAsync(BlobStore store, CancellationToken cancellationToken)
    {
        var snapshots = await store.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        long stored = 0;
        var packs = 0;
        foreach (var kind in new[] { ObjectKind.Pack, ObjectKind.Index, ObjectKind.Snapshot })
        {
            await foreach (var o in store.Backend.ListAsync(kind, cancellationToken).ConfigureAwait(false))
            {
                stored += o.Size;
                packs += kind == ObjectKind.Pack ? 1 : 0;
            }
        }
        return new StoreStats
        {
            Snapshots = snapshots.Count,
            Blobs = store.Index.Count,
            Packs = packs,
            LogicalBytes = snapshots.Sum(s => s.Snapshot.LogicalBytes),
            UniqueBytes = store.Index.Blobs.Sum(b => (long)b.Value.Entry.RawLength),
            StoredBytes = stored,
            Hosts = [.. snapshots.GroupBy(s => s.Snapshot.Host, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new HostStats(g.Key, g.Count(), g.Sum(s => s.Snapshot.LogicalBytes), g.Max(s => s.Snapshot.Time)))],
        };
    }
}

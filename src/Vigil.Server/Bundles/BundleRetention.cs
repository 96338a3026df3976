
namespace Vigil.Server.Bundles;

/// <summary>Applies bundle retention: the store removes the snapshots the policy does not keep and reclaims their space, then their bundles leave the catalog.</summary>
public sealed class BundleRetention(ServerOptions server, BundleBlobs blobs, BundleCatalog catalog)
{
    public BundleOptions Options => server.Bundles;

    public async Task<RetentionOutcome> ApplyAsync(BundleOptions options, CancellationToken cancellationToken)
    {
        var result = await blobs.ApplyRetentionAsync(options.Retention, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return new RetentionOutcome([], 0, 0);
        }
        var removed = catalog.RemoveSnapshots(result.SnapshotsRemoved);
        return new RetentionOutcome(removed, result.BytesBefore, result.BytesAfter);
    }
}

/// <summary>What a retention run removed: bundle ids, and the store's size before and after.</summary>
public sealed record RetentionOutcome(IReadOnlyList<string> BundlesRemoved, long BytesBefore, long BytesAfter);

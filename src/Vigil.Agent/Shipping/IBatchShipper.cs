using Vigil.Agent.Spool;

namespace Vigil.Agent.Shipping;

/// <summary>
/// Delivers spooled batches somewhere. The contract that makes delivery exactly-once in the store: a shipper
/// returns the highest sequence the destination has durably committed, and only then does the spool delete up to
/// it. Anything not acknowledged is sent again later, in order; the destination ignores sequences it holds.
/// </summary>
public interface IBatchShipper
{
    /// <summary>A short description for logs and status, e.g. <c>file /var/log/vigil/batches.ndjson</c>.</summary>
    string Destination { get; }

    /// <summary>Sends <paramref name="batches"/> (oldest first). Returns the highest acknowledged sequence, or null if none was. Throws when the destination is unavailable.</summary>
    ValueTask<long?> ShipAsync(IReadOnlyList<SpooledBatch> batches, CancellationToken cancellationToken);
}

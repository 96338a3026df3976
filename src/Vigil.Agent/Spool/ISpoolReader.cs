namespace Vigil.Agent.Spool;

/// <summary>
/// The shipper's side of the spool: read the oldest undelivered batches, send them, then acknowledge by sequence.
/// Acknowledging is what deletes from the spool; until then the same batches are returned again (after a restart
/// too), so delivery is at-least-once and the server deduplicates on (agent, sequence).
/// </summary>
public interface ISpoolReader
{
    /// <summary>The oldest unacknowledged batches in sequence order, within the given count and payload bytes (but at least one if any is pending).</summary>
    IReadOnlyList<SpooledBatch> ReadPending(int maxBatches, long maxBytes);

    /// <summary>Everything up to and including <paramref name="throughSequence"/> was committed by the server; idempotent, and older acknowledgements are ignored.</summary>
    void Acknowledge(long throughSequence);
}

namespace Vigil.Server.Storage;

/// <summary>
/// Outcome of one batch. <see cref="Changes"/> are the events the store derived from comparing with previous state
/// (inventory changes, host returned from silence), committed in the same transaction.
/// </summary>
public sealed record IngestResult(IngestStatus Status, long LastSequence, IReadOnlyList<VigilEvent> Changes)
{
    public static IngestResult Of(IngestStatus status, long lastSequence) => new(status, lastSequence, []);
}

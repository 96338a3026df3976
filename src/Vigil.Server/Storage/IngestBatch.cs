using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>A validated batch from an authenticated agent, with the events the ingest derived from it alone.</summary>
public sealed record IngestBatch
{
    public required string AgentId { get; init; }
    public required Batch Batch { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>Bytes on the wire (compressed), for accounting.</summary>
    public int WireBytes { get; init; }
    /// <summary>Events to store in the same transaction as the batch (health transitions, drift, expiring certificates).</summary>
    public IReadOnlyList<VigilEvent> Events { get; init; } = [];
}

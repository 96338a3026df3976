namespace Vigil.Server.Actions;

/// <summary>One host's copy of an action and, once it answered, its result.</summary>
public sealed record StoredDelivery
{
    public required long Id { get; init; }
    public required string ActionId { get; init; }
    public required string AgentId { get; init; }
    public required string Hostname { get; init; }
    public required string State { get; init; }
    public DateTimeOffset? QueuedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Code { get; init; }
    public string? Error { get; init; }
    /// <summary>The result as the host sent it (JSON), when it succeeded.</summary>
    public string? Output { get; init; }
    public long Redactions { get; init; }
}

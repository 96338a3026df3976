namespace Vigil.Server.Actions;

/// <summary>One request as stored: what, on which hosts, asked and approved by whom, and where it is.</summary>
public sealed record StoredAction
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    public required bool Privileged { get; init; }
    /// <summary>How the hosts were chosen, as asked: <c>host=…</c>, <c>select=…</c> or <c>group=…</c>.</summary>
    public required string Targeting { get; init; }
    public required string RequestedBy { get; init; }
    public required string RequestedByName { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required int Concurrency { get; init; }
    public required string State { get; init; }
    public string? DecidedBy { get; init; }
    public string? DecidedByName { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Reason { get; init; }
}

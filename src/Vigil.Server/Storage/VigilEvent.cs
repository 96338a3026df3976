using System.Text.Json;

namespace Vigil.Server.Storage;

/// <summary>
/// A derived state change in CloudEvents 1.0 form (structured mode when serialized). <see cref="Id"/> doubles as the
/// idempotency key: storing an event whose id exists is a no-op, so a redelivered batch cannot fire twice.
/// </summary>
public sealed record VigilEvent
{
    public string SpecVersion { get; init; } = "1.0";
    public required string Id { get; init; }
    /// <summary>URI-reference of what produced it, e.g. <c>/agents/agt_…</c> or <c>/server</c>.</summary>
    public required string Source { get; init; }
    /// <summary>Reverse-DNS type, e.g. <c>dev.vigil.host.enrolled</c>; see <see cref="Events.EventTypes"/>.</summary>
    public required string Type { get; init; }
    /// <summary>What it is about, e.g. the agent id, or agent id + "/" + a path.</summary>
    public string? Subject { get; init; }
    public required DateTimeOffset Time { get; init; }
    public string DataContentType { get; init; } = "application/json";
    /// <summary>Ties together every event of one story (e.g. all events caused by one batch, or by one incident).</summary>
    public string? CorrelationId { get; init; }
    /// <summary>The id of the event (or batch, or request) that directly caused this one.</summary>
    public string? CausationId { get; init; }
    /// <summary>The agent the event concerns, for filtering; not a CloudEvents attribute.</summary>
    public string? AgentId { get; init; }
    public JsonElement? Data { get; init; }
}

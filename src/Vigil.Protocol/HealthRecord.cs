using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>A change in the health of an agent component. Sent on transitions, not every interval.</summary>
public sealed record HealthRecord : Record
{
    [JsonPropertyName("status")] public HealthStatus Status { get; init; }
    /// <summary>Stable machine-readable reason, e.g. <c>permission_denied</c>, <c>budget_exceeded</c>, <c>shed_rss_limit</c>.</summary>
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}

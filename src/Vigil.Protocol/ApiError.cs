using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>Every 4xx/5xx from the server carries one of these: a stable code for programs and a reason for people.</summary>
public sealed record ApiError
{
    /// <summary>Stable, snake_case, e.g. <c>payload_too_large</c>, <c>unsupported_schema_version</c>, <c>agent_revoked</c>, <c>out_of_order</c>.</summary>
    [JsonPropertyName("error")] public required string Code { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
    /// <summary>For <c>out_of_order</c>: the highest sequence the server holds for this agent.</summary>
    [JsonPropertyName("last_sequence")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LastSequence { get; init; }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Protocol.Actions;

/// <summary>What an agent reports for one delivery, after redaction and within its output bound.</summary>
public sealed record ActionResult
{
    [JsonPropertyName("delivery_id")] public required long DeliveryId { get; init; }
    /// <summary>The action id from the payload, or null when the payload could not be read.</summary>
    [JsonPropertyName("action_id")] public string? ActionId { get; init; }
    [JsonPropertyName("outcome")] public required ActionOutcome Outcome { get; init; }
    /// <summary>For a refusal: a stable code (<see cref="RefusalCodes"/>); for a failure: <c>failed</c>, <c>timeout</c> or <c>output_too_large</c>.</summary>
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    /// <summary>The action's result, shaped as its result schema says; null unless it succeeded.</summary>
    [JsonPropertyName("output")] public JsonElement? Output { get; init; }
    [JsonPropertyName("started_at")] public long StartedAtUnixMs { get; init; }
    [JsonPropertyName("finished_at")] public long FinishedAtUnixMs { get; init; }
    /// <summary>Secrets replaced with [REDACTED] in the output before it left the host.</summary>
    [JsonPropertyName("redactions")] public long Redactions { get; init; }
}

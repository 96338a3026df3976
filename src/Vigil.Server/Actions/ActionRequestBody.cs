using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Server.Actions;

/// <summary>POST /api/v1/actions: what to run and where. Exactly one of host, select and group.</summary>
public sealed record ActionRequestBody
{
    [JsonPropertyName("action")] public string? Action { get; init; }
    /// <summary>Parameter values: strings, numbers or booleans (sent on as their invariant text).</summary>
    [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; init; }
    [JsonPropertyName("host")] public string? Host { get; init; }
    [JsonPropertyName("select")] public string? Select { get; init; }
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("concurrency")] public int? Concurrency { get; init; }
    /// <summary>How long the action waits for its hosts, e.g. 30s or 10m.</summary>
    [JsonPropertyName("expires_in")] public string? ExpiresIn { get; init; }
}

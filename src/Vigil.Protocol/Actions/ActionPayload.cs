using System.Text.Json.Serialization;

namespace Vigil.Protocol.Actions;

/// <summary>What the server signs: one action for one agent, valid for a bounded time, usable once.</summary>
public sealed record ActionPayload
{
    /// <summary>Version of this payload's shape; an agent refuses a version it does not know.</summary>
    [JsonPropertyName("v")] public required int Version { get; init; }
    [JsonPropertyName("action_id")] public required string ActionId { get; init; }
    /// <summary>The one agent id this may run on; every other agent refuses it.</summary>
    [JsonPropertyName("target")] public required string Target { get; init; }
    /// <summary>The action's name in <see cref="ActionCatalog"/>.</summary>
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("parameters")] public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    /// <summary>128 random bits, hex; the agent remembers every nonce until its expiry and refuses one seen before.</summary>
    [JsonPropertyName("nonce")] public required string Nonce { get; init; }
    [JsonPropertyName("issued_at")] public required long IssuedAtUnixMs { get; init; }
    [JsonPropertyName("expires_at")] public required long ExpiresAtUnixMs { get; init; }
    /// <summary>Who asked (the API token's name), for the host's own log.</summary>
    [JsonPropertyName("requested_by")] public string? RequestedBy { get; init; }
    /// <summary>Who approved a privileged action, when approval was needed.</summary>
    [JsonPropertyName("approved_by")] public string? ApprovedBy { get; init; }

    public const int CurrentVersion = 1;
}

using System.Text.Json.Serialization;

namespace Vigil.Agent.Channel;

/// <summary><c>identity/enrollment.json</c>: what the agent knows about its enrollment besides the key and certificates.</summary>
public sealed record Enrollment
{
    /// <summary>The id the server gave this agent; every batch carries it.</summary>
    [JsonPropertyName("agent_id")] public required string AgentId { get; init; }
    /// <summary>The server URL the agent enrolled with; <c>server.url</c> overrides it.</summary>
    [JsonPropertyName("server_url")] public required Uri ServerUrl { get; init; }
    /// <summary>Version of <c>ca.pem</c>; a server that answers with another version makes the agent renew.</summary>
    [JsonPropertyName("trust_version")] public required int TrustVersion { get; init; }
    /// <summary>When the certificate should be renewed (about two thirds into its lifetime).</summary>
    [JsonPropertyName("renew_after")] public required DateTimeOffset RenewAfter { get; init; }
    /// <summary>When this identity was issued (enrollment or the last renewal).</summary>
    [JsonPropertyName("issued_at")] public DateTimeOffset IssuedAt { get; init; }
    /// <summary>Labels the enrollment token gave this agent.</summary>
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>The server's action signing key (PEM), pinned at enrollment: actions signed by any other key are refused.</summary>
    [JsonPropertyName("action_key")] public string? ActionKeyPem { get; init; }
}

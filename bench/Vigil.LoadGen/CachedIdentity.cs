using System.Text.Json.Serialization;

namespace Vigil.LoadGen;

/// <summary>One enrolled simulated agent as the identity cache keeps it: its id, hostname, key and certificate (PEM).</summary>
public sealed record CachedIdentity
{
    [JsonPropertyName("agent_id")] public required string AgentId { get; init; }
    [JsonPropertyName("hostname")] public required string Hostname { get; init; }
    [JsonPropertyName("key")] public required string KeyPem { get; init; }
    [JsonPropertyName("certificate")] public required string CertificatePem { get; init; }
}

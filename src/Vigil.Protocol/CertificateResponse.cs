using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>What enrollment and renewal return: the agent's identity, its signed certificate and the CAs to pin.</summary>
public sealed record CertificateResponse
{
    [JsonPropertyName("agent_id")] public required string AgentId { get; init; }
    /// <summary>The signed client certificate, PEM.</summary>
    [JsonPropertyName("certificate")] public required string CertificatePem { get; init; }
    /// <summary>Every CA certificate the agent should trust for the server (more than one while a CA rotation overlaps), PEM.</summary>
    [JsonPropertyName("ca_bundle")] public required string CaBundlePem { get; init; }
    [JsonPropertyName("trust_version")] public required int TrustVersion { get; init; }
    /// <summary>Unix ms after which the agent should renew (about two thirds of the certificate's lifetime).</summary>
    [JsonPropertyName("renew_after")] public long RenewAfterUnixMs { get; init; }
    /// <summary>Labels the enrollment token gave this agent.</summary>
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>
    /// The server's action signing key (P-256 public key, PEM), separate from every TLS key. The agent pins the one it
    /// receives first and never replaces it; an older server sends none.
    /// </summary>
    [JsonPropertyName("action_key")] public string? ActionKeyPem { get; init; }
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>An agent asking to join: the private key never leaves the host, only a certificate signing request.</summary>
public sealed record EnrollRequest
{
    [JsonPropertyName("token")] public required string Token { get; init; }
    /// <summary>PKCS#10 certificate signing request, PEM.</summary>
    [JsonPropertyName("csr")] public required string CsrPem { get; init; }
    [JsonPropertyName("hostname")] public required string Hostname { get; init; }
    [JsonPropertyName("machine_id")] public string? MachineId { get; init; }
    [JsonPropertyName("agent_version")] public string? AgentVersion { get; init; }
}

using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>A certificate renewal: a fresh key pair's CSR, authenticated by the current certificate.</summary>
public sealed record RenewRequest
{
    /// <summary>PKCS#10 certificate signing request, PEM.</summary>
    [JsonPropertyName("csr")] public required string CsrPem { get; init; }
}

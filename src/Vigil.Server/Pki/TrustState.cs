using System.Text.Json.Serialization;

namespace Vigil.Server.Pki;

/// <summary>pki/trust.json: which CA generations are trusted, which one issued the server's certificate, the bundle version.</summary>
internal sealed record TrustState
{
    [JsonPropertyName("version")] public int Version { get; init; } = 1;
    /// <summary>Trusted generations, oldest first; the last one issues agent certificates.</summary>
    [JsonPropertyName("generations")] public IReadOnlyList<int> Generations { get; init; } = [1];
    /// <summary>The generation that issues the server's own TLS certificate: the oldest trusted one until a rotation finishes.</summary>
    [JsonPropertyName("server_issuer")] public int ServerIssuer { get; init; } = 1;
}

[JsonSerializable(typeof(TrustState))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class TrustStateJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Vigil.Protocol.Actions;

/// <summary>
/// One signed action as the agent receives it. <see cref="Payload"/> is the exact UTF-8 JSON of an
/// <see cref="ActionPayload"/> that was signed: the agent verifies the signature over these bytes before it parses
/// them, so no re-serialization can change what was signed.
/// </summary>
public sealed record ActionEnvelope
{
    /// <summary>The server's id for this delivery, echoed in the result. Not signed: it only routes the answer.</summary>
    [JsonPropertyName("delivery_id")] public required long DeliveryId { get; init; }
    /// <summary>The signed <see cref="ActionPayload"/>, UTF-8 JSON bytes (base64 on the wire).</summary>
    [JsonPropertyName("payload")] public required byte[] Payload { get; init; }
    /// <summary>ECDSA P-256 over SHA-256 of <see cref="Payload"/>, IEEE P1363 (r||s, 64 bytes).</summary>
    [JsonPropertyName("signature")] public byte[]? Signature { get; init; }
    /// <summary>Which signing key made <see cref="Signature"/>: <see cref="ActionSignature.KeyIdOf"/> of its public key.</summary>
    [JsonPropertyName("key_id")] public string? KeyId { get; init; }
}

using System.Text.Json.Serialization;

namespace Vigil.LoadGen;

/// <summary>What <c>POST /api/v1/enrollment-tokens</c> answers (the parts used here).</summary>
public sealed record EnrollmentTokenAnswer
{
    [JsonPropertyName("token")] public required string Token { get; init; }
    [JsonPropertyName("ca_pin")] public string? CaPin { get; init; }
}

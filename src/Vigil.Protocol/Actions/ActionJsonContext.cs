using System.Text.Json.Serialization;

namespace Vigil.Protocol.Actions;

/// <summary>Source-generated JSON for the action channel (NativeAOT: no reflection).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ActionPayload))]
[JsonSerializable(typeof(ActionPoll))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class ActionJsonContext : JsonSerializerContext;

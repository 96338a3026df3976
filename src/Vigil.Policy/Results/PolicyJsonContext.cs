using System.Text.Json.Serialization;

namespace Vigil.Policy.Results;

/// <summary>Source-generated JSON (NativeAOT-safe) for results.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CheckRunReport))]
[JsonSerializable(typeof(PolicyResult))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;

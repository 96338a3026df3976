using System.Text.Json.Serialization;

namespace Vigil.LoadGen;

/// <summary>Source-generated JSON for the result file: indented, for people reading it too.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LoadResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;

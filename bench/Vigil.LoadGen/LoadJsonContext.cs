using System.Text.Json.Serialization;

namespace Vigil.LoadGen;

/// <summary>Source-generated JSON for the identity cache, the admin API answers and the result file.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CachedIdentity))]
[JsonSerializable(typeof(EnrollmentTokenAnswer))]
[JsonSerializable(typeof(LoadResult))]
internal sealed partial class LoadJsonContext : JsonSerializerContext;

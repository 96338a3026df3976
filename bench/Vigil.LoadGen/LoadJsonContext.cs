using System.Text.Json.Serialization;

namespace Vigil.LoadGen;

/// <summary>Source-generated JSON for the identity cache (one object a line) and the admin API's answers.</summary>
[JsonSerializable(typeof(CachedIdentity))]
[JsonSerializable(typeof(EnrollmentTokenAnswer))]
internal sealed partial class LoadJsonContext : JsonSerializerContext;

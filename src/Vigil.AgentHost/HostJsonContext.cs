using System.Text.Json.Serialization;
using Vigil.AgentHost.Commands;

namespace Vigil.AgentHost;

/// <summary>Source-generated JSON for what the executable itself prints.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ValidationResult))]
[JsonSerializable(typeof(List<CollectorDescription>))]
[JsonSerializable(typeof(EnrollResult))]
internal sealed partial class HostJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Vigil.AgentHost.Commands;
using Vigil.AgentHost.Detect;

namespace Vigil.AgentHost;

/// <summary>Source-generated JSON for what the executable itself prints.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ValidationResult))]
[JsonSerializable(typeof(List<CollectorDescription>))]
[JsonSerializable(typeof(EnrollResult))]
[JsonSerializable(typeof(List<NabFileResult>))]
[JsonSerializable(typeof(CollectSummary))]
internal sealed partial class HostJsonContext : JsonSerializerContext;

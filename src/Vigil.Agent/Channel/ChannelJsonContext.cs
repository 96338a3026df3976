using System.Text.Json.Serialization;

namespace Vigil.Agent.Channel;

/// <summary>Source-generated JSON for the agent's own identity files (NativeAOT: no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Enrollment))]
internal sealed partial class ChannelJsonContext : JsonSerializerContext;

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Vigil.Agent.Actions;

/// <summary>Source-generated JSON for action results (NativeAOT).</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ActionOutputJson : JsonSerializerContext;

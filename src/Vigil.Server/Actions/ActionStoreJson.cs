using System.Text.Json.Serialization;

namespace Vigil.Server.Actions;

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class ActionStoreJson : JsonSerializerContext;

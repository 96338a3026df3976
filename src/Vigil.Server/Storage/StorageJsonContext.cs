using System.Text.Json.Serialization;
using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>Source-generated JSON for what stores keep as JSON text: labels, attributes, inventory items, identity, fingerprints, anomaly detectors.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<InventoryItem>))]
[JsonSerializable(typeof(List<InventoryItem>))]
[JsonSerializable(typeof(IdentityRecord))]
[JsonSerializable(typeof(FileFingerprint))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

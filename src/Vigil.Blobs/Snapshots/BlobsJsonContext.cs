using System.Text.Json.Serialization;

namespace Vigil.Blobs.Snapshots;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(StoreConfig))]
[JsonSerializable(typeof(Locking.LockRecord))]
[JsonSerializable(typeof(Maintenance.CondemnedSet))]
internal sealed partial class BlobsJsonContext : JsonSerializerContext;

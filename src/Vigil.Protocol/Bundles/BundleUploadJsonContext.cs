using System.Text.Json.Serialization;

namespace Vigil.Protocol.Bundles;

[JsonSerializable(typeof(BundleMissingRequest))]
[JsonSerializable(typeof(BundleMissingResponse))]
[JsonSerializable(typeof(BundleCommitRequest))]
[JsonSerializable(typeof(BundleCommitResponse))]
public sealed partial class BundleUploadJsonContext : JsonSerializerContext;

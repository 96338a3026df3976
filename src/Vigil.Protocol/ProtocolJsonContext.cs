using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>Source-generated JSON for every wire type, so agent and server serialize without reflection (NativeAOT).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Batch))]
[JsonSerializable(typeof(Record))]
[JsonSerializable(typeof(IReadOnlyList<Record>))]
[JsonSerializable(typeof(EnrollRequest))]
[JsonSerializable(typeof(RenewRequest))]
[JsonSerializable(typeof(CertificateResponse))]
[JsonSerializable(typeof(IngestAck))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>Everything an agent reports is one of these kinds; <c>type</c> is the discriminator on the wire.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MetricsRecord), "metrics")]
[JsonDerivedType(typeof(InventoryRecord), "inventory")]
[JsonDerivedType(typeof(IdentityRecord), "identity")]
[JsonDerivedType(typeof(HealthRecord), "health")]
[JsonDerivedType(typeof(DriftRecord), "drift")]
[JsonDerivedType(typeof(AnomalyRecord), "anomaly")]
[JsonDerivedType(typeof(ComplianceRecord), "compliance")]
public abstract record Record
{
    /// <summary>Name of the collector or agent component that produced the record.</summary>
    [JsonPropertyName("src")] public required string Source { get; init; }
    /// <summary>Unix time in milliseconds of the observation.</summary>
    [JsonPropertyName("ts")] public long TimestampUnixMs { get; init; }
}

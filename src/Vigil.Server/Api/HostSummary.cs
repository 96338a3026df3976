namespace Vigil.Server.Api;

/// <summary>One row of the fleet view: who the host is, whether it is well, and its headline numbers.</summary>
public record HostSummary
{
    public required string Id { get; init; }
    public required string Hostname { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
    public required DateTimeOffset EnrolledAt { get; init; }
    public string? Os { get; init; }
    public string? Kernel { get; init; }
    public string? AgentVersion { get; init; }
    public required IReadOnlyList<HealthView> Problems { get; init; }
    public double? CpuUtilization { get; init; }
    public double? MemoryUtilization { get; init; }
    public double? Load1 { get; init; }
    public double? UptimeS { get; init; }
    public required DateTimeOffset CertificateNotAfter { get; init; }
}

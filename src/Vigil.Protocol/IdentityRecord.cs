using System.Text.Json.Serialization;

namespace Vigil.Protocol;

/// <summary>Who and what the host is, and whether its clock can be trusted.</summary>
public sealed record IdentityRecord : Record
{
    [JsonPropertyName("hostname")] public required string Hostname { get; init; }
    [JsonPropertyName("machine_id")] public string? MachineId { get; init; }
    [JsonPropertyName("os_id")] public string? OsId { get; init; }
    [JsonPropertyName("os_version")] public string? OsVersion { get; init; }
    [JsonPropertyName("os_pretty")] public string? OsPrettyName { get; init; }
    [JsonPropertyName("kernel")] public string? KernelRelease { get; init; }
    [JsonPropertyName("arch")] public string? Architecture { get; init; }
    [JsonPropertyName("cpu_model")] public string? CpuModel { get; init; }
    [JsonPropertyName("cpus")] public int LogicalCpus { get; init; }
    [JsonPropertyName("memory_bytes")] public long MemoryBytes { get; init; }
    /// <summary>Hypervisor or "none", e.g. kvm, vmware, hyperv, xen.</summary>
    [JsonPropertyName("virtualization")] public string? Virtualization { get; init; }
    /// <summary>Container runtime the agent runs in, or "none", e.g. docker, podman, kubernetes, lxc.</summary>
    [JsonPropertyName("container")] public string? Container { get; init; }
    [JsonPropertyName("boot_unix_ms")] public long BootUnixMs { get; init; }
    [JsonPropertyName("uptime_s")] public double UptimeSeconds { get; init; }
    /// <summary>Kernel's view of clock synchronisation: "synchronized", "unsynchronized" or "unknown".</summary>
    [JsonPropertyName("time_sync")] public string? TimeSync { get; init; }
    /// <summary>Estimated clock offset from the kernel's adjtimex state, in seconds, where exposed.</summary>
    [JsonPropertyName("clock_offset_s")] public double? ClockOffsetSeconds { get; init; }
    [JsonPropertyName("clock_max_error_s")] public double? ClockMaxErrorSeconds { get; init; }
}

using Vigil.Protocol;
using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>GET /api/v1/hosts/{host}: the summary plus identity, every component's health, what inventory and metrics exist.</summary>
public sealed record HostDetail : HostSummary
{
    public IdentityRecord? Identity { get; init; }
    public required IReadOnlyList<HealthView> Health { get; init; }
    public required IReadOnlyList<string> InventoryKinds { get; init; }
    public required IReadOnlyList<MetricInfo> Metrics { get; init; }
}

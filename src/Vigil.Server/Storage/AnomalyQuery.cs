using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>Filters for listing anomalies. Null means "any".</summary>
public sealed record AnomalyQuery
{
    public string? AgentId { get; init; }
    public AnomalyState? State { get; init; }
    /// <summary>Exact metric name, or a prefix ending in '*' (e.g. <c>system.cpu.*</c>).</summary>
    public string? Metric { get; init; }
    /// <summary>Only anomalies still open at or after this time (open ones, or closed at or after it).</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>Only anomalies that started at or before this time.</summary>
    public DateTimeOffset? Until { get; init; }
    public int Limit { get; init; } = 100;
}

using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>
/// One anomaly in its latest state. The explanation (observed value, expected range, message) is the open record's;
/// the close adds <see cref="ClosedAt"/> and may raise <see cref="PeakScore"/>. An anomaly whose open record never
/// arrived (dropped from a full spool, say) is known from its close alone: <see cref="OpenedAt"/> is null and the
/// explanation is the close's.
/// </summary>
public sealed record StoredAnomaly
{
    public required string AgentId { get; init; }
    /// <summary>The host's name as enrolled; filled in by queries.</summary>
    public string Hostname { get; init; } = "";
    public required string Id { get; init; }
    public required string Metric { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
    public AnomalyState State => ClosedAt is null ? AnomalyState.Open : AnomalyState.Closed;
    /// <summary>The first anomalous sample.</summary>
    public required DateTimeOffset Since { get; init; }
    /// <summary>When the agent decided the anomaly opened (the open record's time); null if that record was never received.</summary>
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>The highest calibrated score in [0, 1] the anomaly reached.</summary>
    public required double PeakScore { get; init; }
    public required double ExpectedLow { get; init; }
    public required double ExpectedHigh { get; init; }
    public required double Observed { get; init; }
    /// <summary>For a closed anomaly, the first value back in range.</summary>
    public double? ClosedObserved { get; init; }
    public required IReadOnlyList<string> Detectors { get; init; }
    public required string Message { get; init; }
    /// <summary>
    /// The unit of the series' stored values as the metric API reports it (a counter's is a rate: "By/s"), when the
    /// host reports the metric; filled in by queries.
    /// </summary>
    public string? Unit { get; init; }
    /// <summary>The time of the newest record about this anomaly; retention counts from it.</summary>
    public required DateTimeOffset LastAt { get; init; }
}

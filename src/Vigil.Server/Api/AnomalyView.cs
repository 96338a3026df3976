using Vigil.Server.Storage;

namespace Vigil.Server.Api;

/// <summary>One anomaly as the API shows it (snake_case): what, where, when, how far off, and the one-line explanation.</summary>
public sealed record AnomalyView
{
    public required string Host { get; init; }
    public required string Hostname { get; init; }
    public required string Id { get; init; }
    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public required string State { get; init; }
    public required string Metric { get; init; }
    /// <summary>The unit of the metric's values (UCUM, a counter's as a rate, e.g. "By/s"); absent when unknown.</summary>
    public string? Unit { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
    public required DateTimeOffset Since { get; init; }
    /// <summary>Null when the open record never reached the server (the anomaly is known from its close).</summary>
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>From since to the close, or to now while open.</summary>
    public required double DurationS { get; init; }
    public required double PeakScore { get; init; }
    public required double ExpectedLow { get; init; }
    public required double ExpectedHigh { get; init; }
    public required double Observed { get; init; }
    public double? ClosedObserved { get; init; }
    public required IReadOnlyList<string> Detectors { get; init; }
    public required string Message { get; init; }

    public static AnomalyView Of(StoredAnomaly a, DateTimeOffset now) => new()
    {
        Host = a.AgentId,
        Hostname = a.Hostname,
        Id = a.Id,
        State = a.ClosedAt is null ? "open" : "closed",
        Metric = a.Metric,
        Unit = a.Unit,
        Attributes = a.Attributes,
        Since = a.Since,
        OpenedAt = a.OpenedAt,
        ClosedAt = a.ClosedAt,
        DurationS = Math.Max(0, ((a.ClosedAt ?? now) - a.Since).TotalSeconds),
        PeakScore = a.PeakScore,
        ExpectedLow = a.ExpectedLow,
        ExpectedHigh = a.ExpectedHigh,
        Observed = a.Observed,
        ClosedObserved = a.ClosedObserved,
        Detectors = a.Detectors,
        Message = a.Message,
    };
}

namespace Vigil.Server.Storage;

/// <summary>
/// One metric of one host over a range, bucketed by <see cref="Step"/>. The store answers from the finest tier
/// that still covers <see cref="From"/> and is not finer than the step needs (raw, 1-minute, 1-hour).
/// </summary>
public sealed record SeriesQuery
{
    public required string AgentId { get; init; }
    public required string Metric { get; init; }
    /// <summary>Only series whose attributes include all of these; null or empty means every series of the metric.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required TimeSpan Step { get; init; }
    public Aggregation Aggregation { get; init; } = Aggregation.Avg;
    /// <summary>Cap on series returned (highest cardinality metrics, e.g. per-process); the result says when it cut.</summary>
    public int MaxSeries { get; init; } = 200;
}

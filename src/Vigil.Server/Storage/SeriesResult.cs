namespace Vigil.Server.Storage;

/// <summary>
/// Answer to a <see cref="SeriesQuery"/>. Counters are stored and returned as per-second rates (unit gains "/s"),
/// which is what a chart of a counter shows.
/// </summary>
public sealed record SeriesResult
{
    public required string Metric { get; init; }
    public required string Unit { get; init; }
    /// <summary>"gauge" or "counter".</summary>
    public required string Kind { get; init; }
    /// <summary>"raw", "1m" or "1h".</summary>
    public required string Tier { get; init; }
    public required long StepMs { get; init; }
    public required IReadOnlyList<SeriesData> Series { get; init; }
    /// <summary>True when more series matched than <see cref="SeriesQuery.MaxSeries"/>.</summary>
    public bool Truncated { get; init; }
}

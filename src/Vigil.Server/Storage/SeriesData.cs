namespace Vigil.Server.Storage;

/// <summary>One series: its attributes and its points (bucket start in Unix ms, aggregated value), oldest first; empty buckets are omitted.</summary>
public sealed record SeriesData(IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SeriesPoint> Points);

namespace Vigil.Server.Storage;

/// <summary>A metric a host reports: name, unit, kind, how many series, and the newest value of each series' average.</summary>
public sealed record MetricInfo(string Name, string Unit, string Kind, int SeriesCount);

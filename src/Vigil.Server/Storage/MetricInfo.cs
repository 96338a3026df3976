namespace Vigil.Server.Storage;

/// <summary>A metric a host reports: name, unit of the stored values (a counter's gains "/s"), kind, and how many series it has.</summary>
public sealed record MetricInfo(string Name, string Unit, string Kind, int SeriesCount);

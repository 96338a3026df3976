namespace Vigil.Server.Storage;

public readonly record struct SeriesPoint(long TimestampMs, double Value);

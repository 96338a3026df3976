namespace Vigil.Server.Storage.Metrics;

/// <summary>One stored sample: which series of the host (its index in the host's series dictionary), when, and the value.</summary>
public readonly record struct FrameSample(int Series, long TimestampMs, double Value);

namespace Vigil.Server.Storage.Metrics;

/// <summary>Samples of one host stored together as one raw frame row, with the first and last of their timestamps.</summary>
public readonly record struct RawFrame(FrameSample[] Samples, long FirstMs, long LastMs);

namespace Vigil.Agent.Detection;

/// <summary>One series' detector state as read from the state file, waiting for the series to be seen again.</summary>
public sealed record SavedSeries(string Fingerprint, byte[] State);

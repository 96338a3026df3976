namespace Vigil.AgentHost.Detect;

/// <summary>One data file run through the detector: rows scored and anomalies opened at the configured threshold.</summary>
public sealed record NabFileResult(string File, int Rows, int Opened);

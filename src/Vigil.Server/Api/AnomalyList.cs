namespace Vigil.Server.Api;

/// <summary>The body of the anomaly lists: open anomalies first (newest first), then closed ones, newest first.</summary>
public sealed record AnomalyList(IReadOnlyList<AnomalyView> Anomalies);

namespace Vigil.Server.Storage;

/// <summary>What one maintenance pass did: raw frames rolled up, and rows removed by retention per tier.</summary>
public sealed record MaintenanceReport(int FramesRolledUp, int RawDeleted, int MinuteDeleted, int HourDeleted, int EventsDeleted)
{
    /// <summary>Anomalies whose newest record was older than the events retention.</summary>
    public int AnomaliesDeleted { get; init; }
    /// <summary>Compliance runs (with their evidence rows) older than the evidence retention.</summary>
    public int EvidenceRunsDeleted { get; init; }
}

namespace Vigil.Server.Events;

/// <summary>Every event type the server emits (CloudEvents <c>type</c>), reverse-DNS under dev.vigil.</summary>
public static class EventTypes
{
    public const string HostEnrolled = "dev.vigil.host.enrolled";
    public const string HostSilent = "dev.vigil.host.silent";
    public const string HostReturned = "dev.vigil.host.returned";
    public const string AgentRevoked = "dev.vigil.agent.revoked";
    public const string CertificateRenewed = "dev.vigil.agent.certificate_renewed";
    public const string CollectorFailing = "dev.vigil.collector.failing";
    public const string CollectorRecovered = "dev.vigil.collector.recovered";
    public const string CertificateExpiring = "dev.vigil.certificate.expiring";
    public const string FileDrifted = "dev.vigil.file.drifted";
    public const string InventoryChanged = "dev.vigil.inventory.changed";
    public const string CaRotated = "dev.vigil.ca.rotated";
    public const string AnomalyOpened = "dev.vigil.anomaly.opened";
    public const string AnomalyClosed = "dev.vigil.anomaly.closed";
    /// <summary>A compliance check that passed on a host now fails there.</summary>
    public const string ComplianceDrifted = "dev.vigil.compliance.drifted";
    /// <summary>A compliance check that failed on a host passes again.</summary>
    public const string ComplianceRecovered = "dev.vigil.compliance.recovered";
    public const string BundleReceived = "dev.vigil.bundle.received";
}

namespace Vigil.Server.Events;

/// <summary>
/// Every event type the server emits, as CloudEvents <c>type</c> strings. Reverse-DNS so a consumer can subscribe to
/// a family by prefix (<c>dev.vigil.host.*</c>); a published type never changes meaning, a new meaning gets a new type.
/// </summary>
public static class EventTypes
{
    /// <summary>An agent consumed an enrollment token and received its first certificate.</summary>
    public const string HostEnrolled = "dev.vigil.host.enrolled";
    /// <summary>A host sent nothing for longer than its allowance of collection intervals.</summary>
    public const string HostSilent = "dev.vigil.host.silent";
    /// <summary>A host recorded as silent sent a batch again.</summary>
    public const string HostReturned = "dev.vigil.host.returned";
    /// <summary>An operator revoked an agent; its certificates are refused from now on.</summary>
    public const string AgentRevoked = "dev.vigil.agent.revoked";
    /// <summary>A collector on a host reported itself degraded or failed.</summary>
    public const string CollectorFailing = "dev.vigil.collector.failing";
    /// <summary>A collector that was failing reported ok again.</summary>
    public const string CollectorRecovered = "dev.vigil.collector.recovered";
    /// <summary>A certificate the host reports (or the agent's own) expires soon.</summary>
    public const string CertificateExpiring = "dev.vigil.certificate.expiring";
    /// <summary>A watched file was created, modified or deleted.</summary>
    public const string FileDrifted = "dev.vigil.file.drifted";
    /// <summary>An inventory kind (or the host's identity) differs from its previous snapshot.</summary>
    public const string InventoryChanged = "dev.vigil.inventory.changed";
    /// <summary>An agent renewed its client certificate.</summary>
    public const string CertificateRenewed = "dev.vigil.agent.certificate_renewed";
}

using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>What a host is now and how it got there: identity, component health, inventory, drift.</summary>
public interface IHostStateStore
{
    Task<IdentityRecord?> GetIdentityAsync(string agentId, CancellationToken cancellationToken);
    Task<IReadOnlyList<ComponentHealth>> GetHealthAsync(string agentId, CancellationToken cancellationToken);
    /// <summary>Kinds the host has reported, e.g. packages, listening_ports, users, certificates.</summary>
    Task<IReadOnlyList<string>> ListInventoryKindsAsync(string agentId, CancellationToken cancellationToken);
    Task<InventorySnapshot?> GetInventoryAsync(string agentId, string kind, CancellationToken cancellationToken);
    /// <summary>
    /// Changes newest first; <paramref name="kind"/> null means every kind including "identity". A host's first snapshot
    /// of a kind is its baseline, not history; what counts as a change is <see cref="HostState.InventoryHistoryPolicy"/>.
    /// </summary>
    Task<IReadOnlyList<InventoryChange>> GetHistoryAsync(string agentId, string? kind, DateTimeOffset? since, int limit, CancellationToken cancellationToken);
    /// <summary>Drift newest first.</summary>
    Task<IReadOnlyList<StoredDrift>> GetDriftAsync(string agentId, DateTimeOffset? since, int limit, CancellationToken cancellationToken);
}

namespace Vigil.Server.Storage;

/// <summary>Enrolled agents: identity, certificates, revocation and liveness.</summary>
public interface IAgentStore
{
    /// <summary>
    /// In one transaction: marks the enrollment token used (only if unused and unexpired at <paramref name="now"/>)
    /// and inserts <paramref name="agent"/>, whose labels the caller already copied from the token.
    /// </summary>
    Task<EnrollOutcome> EnrollAsync(string enrollmentTokenId, Agent agent, DateTimeOffset now, CancellationToken cancellationToken);
    Task<Agent?> GetAsync(string agentId, CancellationToken cancellationToken);
    /// <summary>Resolves a user-typed host: an agent id, or a hostname (the most recently seen agent with it).</summary>
    Task<Agent?> FindAsync(string idOrHostname, CancellationToken cancellationToken);
    Task<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken);
    Task UpdateCertificateAsync(string agentId, string serial, DateTimeOffset notAfter, CancellationToken cancellationToken);
    /// <summary>Returns false when the agent does not exist or is already revoked.</summary>
    Task<bool> RevokeAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Marks agents whose last batch is older than their allowance as silent; returns the ones newly marked.</summary>
    Task<IReadOnlyList<Agent>> MarkSilentAsync(DateTimeOffset now, double intervalsAllowed, CancellationToken cancellationToken);
}

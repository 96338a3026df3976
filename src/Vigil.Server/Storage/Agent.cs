namespace Vigil.Server.Storage;

/// <summary>An enrolled agent, which is also the host it runs on. <see cref="Id"/> is the certificate's subject.</summary>
public sealed record Agent
{
    /// <summary>"agt_" followed by 20 lowercase hex characters; the CN of its client certificate.</summary>
    public required string Id { get; init; }
    public required string Hostname { get; init; }
    public string? MachineId { get; init; }
    public string? AgentVersion { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required DateTimeOffset EnrolledAt { get; init; }
    /// <summary>Serial of the newest certificate issued (hex); older ones stay valid until they expire.</summary>
    public required string CertificateSerial { get; init; }
    public required DateTimeOffset CertificateNotAfter { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    /// <summary>Highest batch sequence stored; 0 before the first batch.</summary>
    public long LastSequence { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }
    /// <summary>The agent's collection interval from its last batch (10 s when it never said).</summary>
    public int IntervalMs { get; init; } = 10_000;
    /// <summary>True once the silence monitor has recorded this host as silent and it has not reported since.</summary>
    public bool Silent { get; init; }
}

namespace Vigil.Server.Storage;

public enum IngestStatus
{
    /// <summary>Committed now.</summary>
    Stored,
    /// <summary>This (agent, sequence) was already committed; nothing was written.</summary>
    Duplicate,
    /// <summary>The sequence is below the agent's last stored one and was never stored; nothing was written.</summary>
    OutOfOrder,
    /// <summary>The agent is unknown or revoked; nothing was written.</summary>
    Refused,
}

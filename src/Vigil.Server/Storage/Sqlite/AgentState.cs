namespace Vigil.Server.Storage.Sqlite;

/// <summary>What the writer needs of an agent row to accept a batch, cached so a batch costs no agent lookup.</summary>
internal sealed record AgentState(long LastSequence, bool Revoked, bool Silent, long? LastSeenMs);

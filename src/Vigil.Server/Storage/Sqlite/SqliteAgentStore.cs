namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteAgentStore(SqliteServerStore store) : IAgentStore
{
    private const string Select = $"SELECT {SqliteAgentRows.Columns} FROM agents";

    public Task<EnrollOutcome> EnrollAsync(string enrollmentTokenId, Agent agent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(enrollmentTokenId);
        ArgumentException.ThrowIfNullOrEmpty(agent.Id);
        ArgumentException.ThrowIfNullOrEmpty(agent.Hostname);
        return store.Writer.ExecuteAsync(ctx =>
        {
            var c = ctx.Connection;
            var nowMs = now.Ms();
            // The condition is the check: of two enrollments racing for one token, only one UPDATE matches.
            if (c.Execute("UPDATE enrollment_tokens SET used_ms = $2, used_by = $3 WHERE id = $1 AND used_ms IS NULL AND expires_ms > $2", enrollmentTokenId, nowMs, agent.Id) == 0)
            {
                var token = c.Query("SELECT used_ms IS NOT NULL FROM enrollment_tokens WHERE id = $1", r => r.GetBoolean(0), enrollmentTokenId);
                return token.Count == 0 ? EnrollOutcome.TokenUnknown : token[0] ? EnrollOutcome.TokenAlreadyUsed : EnrollOutcome.TokenExpired;
            }
            if (c.Scalar("SELECT 1 FROM agents WHERE id = $1", agent.Id) is not null)
            {
                // Thrown, so the transaction rolls back and the token stays unused.
                throw new InvalidOperationException($"agent {agent.Id} is already enrolled");
            }
            c.Execute(
                $"INSERT INTO agents ({SqliteAgentRows.Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                agent.Id, agent.Hostname, agent.MachineId, agent.AgentVersion, StorageJson.Map(agent.Labels), agent.EnrolledAt.Ms(),
                agent.CertificateSerial, agent.CertificateNotAfter.Ms(), agent.RevokedAt.Ms(), agent.LastSequence, agent.LastSeenAt.Ms(),
                agent.IntervalMs, agent.Silent);
            ctx.ForgetAgent(agent.Id);
            return EnrollOutcome.Enrolled;
        }, cancellationToken);
    }

    public Task<Agent?> GetAsync(string agentId, CancellationToken cancellationToken) =>
        store.ReadAsync(c => c.Query($"{Select} WHERE id = $1", SqliteAgentRows.Read, agentId).FirstOrDefault(), cancellationToken);

    public Task<Agent?> FindAsync(string idOrHostname, CancellationToken cancellationToken) =>
        store.ReadAsync(c =>
            c.Query($"{Select} WHERE id = $1", SqliteAgentRows.Read, idOrHostname).FirstOrDefault()
            ?? c.Query(
                $"{Select} WHERE hostname = $1 ORDER BY last_seen_ms IS NULL, last_seen_ms DESC, enrolled_ms DESC LIMIT 1",
                SqliteAgentRows.Read, idOrHostname).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<Agent>>(c => c.Query($"{Select} ORDER BY hostname, id", SqliteAgentRows.Read), cancellationToken);

    public Task UpdateCertificateAsync(string agentId, string serial, DateTimeOffset notAfter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(serial);
        return store.Writer.ExecuteAsync(ctx =>
        {
            if (ctx.Connection.Execute("UPDATE agents SET cert_serial = $2, cert_not_after_ms = $3 WHERE id = $1", agentId, serial, notAfter.Ms()) == 0)
            {
                throw new InvalidOperationException($"agent {agentId} is not enrolled");
            }
            return true;
        }, cancellationToken);
    }

    public Task<bool> RevokeAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.Writer.ExecuteAsync(ctx =>
        {
            ctx.ForgetAgent(agentId);
            return ctx.Connection.Execute("UPDATE agents SET revoked_ms = $2 WHERE id = $1 AND revoked_ms IS NULL", agentId, now.Ms()) > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<Agent>> MarkSilentAsync(DateTimeOffset now, double intervalsAllowed, CancellationToken cancellationToken)
    {
        if (!(intervalsAllowed > 0) || double.IsInfinity(intervalsAllowed))
        {
            throw new ArgumentOutOfRangeException(nameof(intervalsAllowed), intervalsAllowed, "intervals allowed must be a positive number");
        }
        return store.Writer.ExecuteAsync<IReadOnlyList<Agent>>(ctx =>
        {
            var marked = ctx.Connection.Query(
                $"""
                UPDATE agents SET silent = 1
                WHERE revoked_ms IS NULL AND silent = 0 AND COALESCE(last_seen_ms, enrolled_ms) < $1 - interval_ms * $2
                RETURNING {SqliteAgentRows.Columns}
                """,
                SqliteAgentRows.Read, now.Ms(), intervalsAllowed);
            foreach (var agent in marked)
            {
                ctx.ForgetAgent(agent.Id);
            }
            marked.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            return marked;
        }, cancellationToken);
    }
}

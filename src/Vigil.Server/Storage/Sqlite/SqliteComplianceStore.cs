using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Server.Compliance;

namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteComplianceStore(SqliteServerStore store) : IComplianceStore
{
    private const string LatestColumns = """
        l.agent_id, l.policy, l.check_id, l.status, l.since_ms, l.time_ms, l.evidence_id, e.title, e.observed, e.severity,
        e.compliance_json, e.references_json, e.remediation, e.remediation_action_json
        """;
    private const string LatestFrom = "FROM compliance_latest l JOIN compliance_evidence e ON e.id = l.evidence_id";
    private const string EvidenceColumns = """
        id, run_id, agent_id, time_ms, policy, policy_version, content_hash, run, trigger, check_id, title, status, observed, severity,
        compliance_json, references_json, remediation, remediation_action_json, evidence_hash
        """;
    private const string ExceptionColumns = "id, policy, check_id, selector, kind, owner, reason, created_ms, created_by, expires_ms, revoked_ms, revoked_by";
    private const string RemediationColumns = """
        id, agent_id, hostname, policy, check_id, action, params, automatic, state, dry_run_action, dry_run, action_id, verify_action, verify, error,
        created_ms, created_by, updated_ms, created_by_token
        """;

    public Task<IReadOnlyList<StatusCount>> CountsAsync(string? policy, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<StatusCount>>(c => c.Query(
            "SELECT agent_id, policy, status, COUNT(*) FROM compliance_latest WHERE ($1 IS NULL OR policy = $1) GROUP BY agent_id, policy, status",
            r => new StatusCount(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3)), policy), cancellationToken);

    public Task<IReadOnlyList<CheckStatus>> StatusesOfCheckAsync(string? policy, string check, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<CheckStatus>>(c => c.Query(
            "SELECT agent_id, policy, check_id, status FROM compliance_latest WHERE check_id = $2 AND ($1 IS NULL OR policy = $1)",
            r => new CheckStatus(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), policy, check), cancellationToken);

    public Task<IReadOnlyList<LatestResult>> LatestAsync(string agentId, string? policy, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<LatestResult>>(c => c.Query(
            $"SELECT {LatestColumns} {LatestFrom} WHERE l.agent_id = $1 AND ($2 IS NULL OR l.policy = $2) ORDER BY l.policy, l.check_id",
            MapLatest, agentId, policy), cancellationToken);

    public Task<LatestResult?> LatestAsync(string agentId, string policy, string check, CancellationToken cancellationToken) =>
        store.ReadAsync(c => c.Query(
            $"SELECT {LatestColumns} {LatestFrom} WHERE l.agent_id = $1 AND l.policy = $2 AND l.check_id = $3",
            MapLatest, agentId, policy, check).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<LatestResult>> InStatusAsync(IReadOnlyList<string> statuses, string? policy, string? severity, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<LatestResult>>(c => c.Query(
            $"""
            SELECT {LatestColumns} {LatestFrom}
            WHERE l.status IN (SELECT value FROM json_each($1)) AND ($2 IS NULL OR l.policy = $2) AND ($3 IS NULL OR e.severity = $3)
            """,
            MapLatest, JsonSerializer.Serialize(statuses, StorageJsonContext.Default.IReadOnlyListString), policy, severity), cancellationToken);

    public Task<IReadOnlyList<PolicyRun>> PolicyRunsAsync(string? agentId, string? policy, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<PolicyRun>>(c => c.Query(
            """
            SELECT p.agent_id, p.policy, r.policy_version, r.policy_title, r.content_hash, r.run, r.trigger, r.time_ms
            FROM compliance_policy_latest p JOIN compliance_runs r ON r.id = p.run_id
            WHERE ($1 IS NULL OR p.agent_id = $1) AND ($2 IS NULL OR p.policy = $2) ORDER BY p.agent_id, p.policy
            """,
            r => new PolicyRun
            {
                AgentId = r.GetString(0),
                Policy = r.GetString(1),
                Version = r.GetString(2),
                Title = r.GetString(3),
                ContentHash = r.GetString(4),
                Run = r.GetString(5),
                Trigger = r.GetString(6),
                Evaluated = r.Time(7),
            }, agentId, policy), cancellationToken);

    public Task<IReadOnlyList<EvidenceRow>> EvidenceAsync(EvidenceQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {EvidenceColumns} FROM compliance_evidence WHERE time_ms >= $1 AND time_ms < $2");
        sql.Append(" AND ($3 IS NULL OR policy = $3) AND ($4 IS NULL OR agent_id = $4)");
        sql.Append(" AND ($5 IS NULL OR EXISTS (SELECT 1 FROM json_each(compliance_json) WHERE key = $5))");
        sql.Append(" AND ($6 IS NULL OR (time_ms, id) > ($6, $7)) ORDER BY time_ms, id LIMIT $8");
        return store.ReadAsync<IReadOnlyList<EvidenceRow>>(c => c.Query(sql.ToString(), MapEvidence,
            query.From.Ms(), query.To.Ms(), query.Policy, query.AgentId, query.Framework, query.After?.TimeMs, query.After?.Id, query.Limit), cancellationToken);
    }

    public Task<IReadOnlyList<HistoryPoint>> HostHistoryAsync(string agentId, DateTimeOffset since, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<HistoryPoint>>(c => c.Query(
            """
            SELECT policy, bucket_ms, pass, fail, error FROM compliance_host_history WHERE agent_id = $1 AND bucket_ms >= $2
            UNION ALL
            -- the last bucket before the window, so the window starts from the state it was in
            SELECT h.policy, h.bucket_ms, h.pass, h.fail, h.error FROM compliance_host_history h
            WHERE h.agent_id = $1 AND h.bucket_ms = (SELECT MAX(bucket_ms) FROM compliance_host_history WHERE agent_id = $1 AND policy = h.policy AND bucket_ms < $2)
            ORDER BY 2
            """,
            r => new HistoryPoint(r.GetString(0), r.Time(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), agentId), agentId, since.Ms()), cancellationToken);

    public Task<IReadOnlyList<HistoryPoint>> FleetHistoryAsync(string? policy, DateTimeOffset since, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<HistoryPoint>>(c => c.Query(
            """
            SELECT policy, bucket_ms, pass, fail, error FROM compliance_fleet_history WHERE ($1 IS NULL OR policy = $1) AND bucket_ms >= $2
            UNION ALL
            SELECT h.policy, h.bucket_ms, h.pass, h.fail, h.error FROM compliance_fleet_history h
            WHERE ($1 IS NULL OR h.policy = $1) AND h.bucket_ms = (SELECT MAX(bucket_ms) FROM compliance_fleet_history WHERE policy = h.policy AND bucket_ms < $2)
            ORDER BY 2
            """,
            r => new HistoryPoint(r.GetString(0), r.Time(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)), policy, since.Ms()), cancellationToken);

    public Task<IReadOnlyList<RunDigest>> RunsAfterAsync(long afterRow, int limit, CancellationToken cancellationToken) =>
        store.ReadAsync(c => RunsAfter(c, afterRow, limit), cancellationToken);

    internal static IReadOnlyList<RunDigest> RunsAfter(SqliteConnection c, long afterRow, int limit) => c.Query(
        "SELECT id, agent_id, run, policy, results, first_evidence, last_evidence, digest, time_ms FROM compliance_runs WHERE id > $1 ORDER BY id LIMIT $2",
        r => new RunDigest(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt64(5), r.GetInt64(6), r.GetString(7), r.Time(8)),
        afterRow, limit);

    public Task CreateExceptionAsync(ComplianceException e, CancellationToken cancellationToken) =>
        store.Writer.ExecuteAsync(ctx => ctx.Connection.Execute(
            $"INSERT INTO compliance_exceptions ({ExceptionColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            e.Id, e.Policy, e.Check, e.Selector, e.Kind, e.Owner, e.Reason, e.Created.Ms(), e.CreatedBy, e.Expires.Ms(), e.Revoked.Ms(), e.RevokedBy), cancellationToken);

    public async Task<bool> RevokeExceptionAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken) =>
        await store.Writer.ExecuteAsync(ctx => ctx.Connection.Execute(
            "UPDATE compliance_exceptions SET revoked_ms = $2, revoked_by = $3 WHERE id = $1 AND revoked_ms IS NULL", id, at.Ms(), by), cancellationToken) == 1;

    public Task<IReadOnlyList<ComplianceException>> ExceptionsAsync(CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<ComplianceException>>(c => c.Query(
            $"SELECT {ExceptionColumns} FROM compliance_exceptions ORDER BY created_ms, id",
            r => new ComplianceException
            {
                Id = r.GetString(0),
                Policy = r.NullableString(1),
                Check = r.GetString(2),
                Selector = r.GetString(3),
                Kind = r.GetString(4),
                Owner = r.GetString(5),
                Reason = r.GetString(6),
                Created = r.Time(7),
                CreatedBy = r.GetString(8),
                Expires = r.Time(9),
                Revoked = r.NullableTime(10),
                RevokedBy = r.NullableString(11),
            }), cancellationToken);

    public Task SaveRemediationAsync(Remediation m, CancellationToken cancellationToken) =>
        store.Writer.ExecuteAsync(ctx => ctx.Connection.Execute(
            $"""
            INSERT INTO compliance_remediations ({RemediationColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, dry_run_action = excluded.dry_run_action, dry_run = excluded.dry_run,
                action_id = excluded.action_id, verify_action = excluded.verify_action, verify = excluded.verify, error = excluded.error, updated_ms = excluded.updated_ms
            """,
            m.Id, m.AgentId, m.Hostname, m.Policy, m.Check, m.Action, JsonSerializer.Serialize(m.Parameters, StorageJsonContext.Default.IReadOnlyDictionaryStringString),
            m.Automatic ? 1 : 0, m.State, m.DryRunActionId, m.DryRun, m.ActionId, m.VerifyActionId, m.Verify, m.Error, m.Created.Ms(), m.CreatedBy, m.Updated.Ms(), m.CreatedByToken), cancellationToken);

    public Task<Remediation?> RemediationAsync(string id, CancellationToken cancellationToken) =>
        store.ReadAsync(c => c.Query($"SELECT {RemediationColumns} FROM compliance_remediations WHERE id = $1", MapRemediation, id).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<Remediation>> RemediationsAsync(string? agentId, bool openOnly, int limit, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<Remediation>>(c => c.Query(
            $"""
            SELECT {RemediationColumns} FROM compliance_remediations
            WHERE ($1 IS NULL OR agent_id = $1) AND ($2 = 0 OR state NOT IN ('succeeded', 'failed', 'rejected'))
            ORDER BY created_ms DESC, id LIMIT $3
            """,
            MapRemediation, agentId, openOnly ? 1 : 0, limit), cancellationToken);

    private static LatestResult MapLatest(SqliteDataReader r) => new()
    {
        AgentId = r.GetString(0),
        Policy = r.GetString(1),
        Check = r.GetString(2),
        Status = r.GetString(3),
        Since = r.Time(4),
        Time = r.Time(5),
        EvidenceId = r.GetInt64(6),
        Title = r.GetString(7),
        Observed = r.GetString(8),
        Severity = r.GetString(9),
        ComplianceJson = r.GetString(10),
        ReferencesJson = r.GetString(11),
        Remediation = r.GetString(12),
        RemediationActionJson = r.NullableString(13),
    };

    internal static EvidenceRow MapEvidence(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        RunRow = r.GetInt64(1),
        Fields = new EvidenceFields(r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8),
            r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12), r.GetString(13), r.GetString(14), r.GetString(15), r.GetString(16), r.NullableString(17)),
        EvidenceHash = r.GetString(18),
    };

    internal const string SelectEvidence = "SELECT " + EvidenceColumns + " FROM compliance_evidence";

    private static Remediation MapRemediation(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        AgentId = r.GetString(1),
        Hostname = r.GetString(2),
        Policy = r.GetString(3),
        Check = r.GetString(4),
        Action = r.GetString(5),
        Parameters = JsonSerializer.Deserialize(r.GetString(6), StorageJsonContext.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>(),
        Automatic = r.GetInt64(7) != 0,
        State = r.GetString(8),
        DryRunActionId = r.NullableString(9),
        DryRun = r.NullableString(10),
        ActionId = r.NullableString(11),
        VerifyActionId = r.NullableString(12),
        Verify = r.NullableString(13),
        Error = r.NullableString(14),
        Created = r.Time(15),
        CreatedBy = r.GetString(16),
        Updated = r.Time(17),
        CreatedByToken = r.GetString(18),
    };
}

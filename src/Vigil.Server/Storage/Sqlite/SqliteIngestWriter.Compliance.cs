using Vigil.Protocol;
using Vigil.Server.Compliance;
using Vigil.Server.Events;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// Compliance records of a batch: a run row and one hashed evidence row per result (append-only), the latest status
/// per check with when it entered it, hour-bucket score history, and drift events when a check flips between pass and fail.
/// </summary>
internal sealed partial class SqliteIngestWriter
{
    private const long HourMs = 3_600_000;

    private void StoreCompliance(string agentId, long sequence, ComplianceRecord record, DateTimeOffset received, List<VigilEvent> events)
    {
        if (_connection.Scalar("SELECT 1 FROM compliance_runs WHERE agent_id = $1 AND run = $2", agentId, record.RunId) is not null)
        {
            return; // the same run sent again in a later batch (a resend after a lost ack) is already evidence
        }
        var timeMs = record.TimestampUnixMs;
        var runRow = (long)_connection.Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM compliance_runs")!;
        var hashes = new List<string>(record.Results.Count);
        long first = 0, last = 0;
        var changed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var result in record.Results)
        {
            var fields = new EvidenceFields(agentId, timeMs, record.Policy, record.PolicyVersion, record.ContentHash, record.RunId, record.Trigger,
                result.Check, result.Title, result.Status, result.Observed, result.Severity, ComplianceJson.Mappings(result.Compliance),
                ComplianceJson.Mappings(result.References), result.Remediation ?? "", ComplianceJson.Remediation(result.RemediationAction));
            var hash = ComplianceEvidenceHash.Of(fields);
            hashes.Add(hash);
            var id = (long)_connection.Scalar(
                """
                INSERT INTO compliance_evidence (run_id, agent_id, time_ms, policy, policy_version, content_hash, run, trigger, check_id, title, status,
                    observed, severity, compliance_json, references_json, remediation, remediation_action_json, evidence_hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id
                """,
                runRow, fields.AgentId, fields.TimeMs, fields.Policy, fields.PolicyVersion, fields.ContentHash, fields.Run, fields.Trigger, fields.Check,
                fields.Title, fields.Status, fields.Observed, fields.Severity, fields.ComplianceJson, fields.ReferencesJson, fields.Remediation,
                fields.RemediationActionJson, hash)!;
            first = first == 0 ? id : first;
            last = id;
            UpdateLatest(agentId, sequence, record, result, id, events, changed);
        }
        _connection.Execute(
            """
            INSERT INTO compliance_runs (id, agent_id, run, policy, policy_version, policy_title, content_hash, trigger, trigger_path, started_ms,
                time_ms, received_ms, results, first_evidence, last_evidence, digest)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            runRow, agentId, record.RunId, record.Policy, record.PolicyVersion, record.PolicyTitle, record.ContentHash, record.Trigger, record.TriggerPath,
            record.StartedUnixMs, timeMs, received.Ms(), record.Results.Count, first, last, ComplianceEvidenceHash.Digest(hashes));
        _connection.Execute(
            """
            INSERT INTO compliance_policy_latest (agent_id, policy, run_id, time_ms) VALUES ($1, $2, $3, $4)
            ON CONFLICT (agent_id, policy) DO UPDATE SET run_id = excluded.run_id, time_ms = excluded.time_ms WHERE excluded.time_ms >= compliance_policy_latest.time_ms
            """,
            agentId, record.Policy, runRow, timeMs);
        RecordHistory(agentId, record.Policy, timeMs, changed);
    }

    private void UpdateLatest(string agentId, long sequence, ComplianceRecord record, ComplianceCheckResult result, long evidenceId, List<VigilEvent> events, Dictionary<string, int> changed)
    {
        string? previous = null;
        long previousTime = 0;
        using (var query = _connection.Command("SELECT status, time_ms FROM compliance_latest WHERE agent_id = $1 AND policy = $2 AND check_id = $3", agentId, record.Policy, result.Check))
        using (var reader = query.ExecuteReader())
        {
            if (reader.Read())
            {
                previous = reader.GetString(0);
                previousTime = reader.GetInt64(1);
            }
        }
        var timeMs = record.TimestampUnixMs;
        if (previous is not null && timeMs < previousTime)
        {
            return; // an older run arriving late is evidence, not the current state
        }
        if (previous == result.Status)
        {
            _connection.Execute("UPDATE compliance_latest SET time_ms = $4, evidence_id = $5 WHERE agent_id = $1 AND policy = $2 AND check_id = $3",
                agentId, record.Policy, result.Check, timeMs, evidenceId);
            return;
        }
        _connection.Execute(
            """
            INSERT INTO compliance_latest (agent_id, policy, check_id, status, since_ms, time_ms, evidence_id) VALUES ($1, $2, $3, $4, $5, $5, $6)
            ON CONFLICT (agent_id, policy, check_id) DO UPDATE SET status = excluded.status, since_ms = excluded.since_ms, time_ms = excluded.time_ms, evidence_id = excluded.evidence_id
            """,
            agentId, record.Policy, result.Check, result.Status, timeMs, evidenceId);
        if (previous is not null)
        {
            changed[previous] = changed.GetValueOrDefault(previous) - 1;
        }
        changed[result.Status] = changed.GetValueOrDefault(result.Status) + 1;
        var type = (previous, result.Status) switch
        {
            ("pass", "fail") => EventTypes.ComplianceDrifted,
            ("fail", "pass") => EventTypes.ComplianceRecovered,
            _ => null,
        };
        if (type is not null)
        {
            var batchId = $"{agentId}:{sequence}";
            events.Add(EventFactory.ForAgent($"{agentId}:compliance:{record.RunId}:{result.Check}", type, agentId, $"{agentId}:{record.Policy}/{result.Check}",
                DateTimeOffset.FromUnixTimeMilliseconds(timeMs),
                new
                {
                    host_id = agentId,
                    policy = record.Policy,
                    policy_version = record.PolicyVersion,
                    check = result.Check,
                    title = result.Title,
                    severity = result.Severity,
                    before = previous,
                    status = result.Status,
                    observed = result.Observed,
                    run = record.RunId,
                }, batchId, batchId));
        }
    }

    private void RecordHistory(string agentId, string policy, long timeMs, Dictionary<string, int> changed)
    {
        var bucket = timeMs - (timeMs % HourMs);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (status, n) in _connection.Query("SELECT status, COUNT(*) FROM compliance_latest WHERE agent_id = $1 AND policy = $2 GROUP BY status",
            r => (r.GetString(0), r.GetInt64(1)), agentId, policy))
        {
            counts[status] = n;
        }
        _connection.Execute(
            """
            INSERT INTO compliance_host_history (agent_id, policy, bucket_ms, pass, fail, error) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (agent_id, policy, bucket_ms) DO UPDATE SET pass = excluded.pass, fail = excluded.fail, error = excluded.error
            """,
            agentId, policy, bucket, counts.GetValueOrDefault("pass"), counts.GetValueOrDefault("fail"), counts.GetValueOrDefault("error"));
        foreach (var (status, delta) in changed.Where(c => c.Value != 0))
        {
            _connection.Execute(
                """
                INSERT INTO compliance_fleet_totals (policy, status, count) VALUES ($1, $2, $3)
                ON CONFLICT (policy, status) DO UPDATE SET count = count + excluded.count
                """,
                policy, status, delta);
        }
        if (changed.Count > 0 || _connection.Scalar("SELECT 1 FROM compliance_fleet_history WHERE policy = $1 AND bucket_ms = $2", policy, bucket) is null)
        {
            var totals = _connection.Query("SELECT status, count FROM compliance_fleet_totals WHERE policy = $1", r => (r.GetString(0), r.GetInt64(1)), policy)
                .ToDictionary(t => t.Item1, t => t.Item2, StringComparer.Ordinal);
            _connection.Execute(
                """
                INSERT INTO compliance_fleet_history (policy, bucket_ms, pass, fail, error) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (policy, bucket_ms) DO UPDATE SET pass = excluded.pass, fail = excluded.fail, error = excluded.error
                """,
                policy, bucket, totals.GetValueOrDefault("pass"), totals.GetValueOrDefault("fail"), totals.GetValueOrDefault("error"));
        }
    }
}

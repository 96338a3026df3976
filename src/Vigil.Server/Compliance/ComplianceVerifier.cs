using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Server.Audit;
using Vigil.Server.Storage.Sqlite;

namespace Vigil.Server.Compliance;

/// <summary>
/// Proves stored evidence is what was written: the audit chain first, then every run the chain seals re-hashed row by
/// row from the database (a changed field fails its row's hash; a changed hash, a removed or an added row fails the
/// run's digest), and every stored run must be sealed. Reads both files read-only, so it can check a copy.
/// </summary>
public static class ComplianceVerifier
{
    public static ComplianceVerification Verify(string auditPath, string databasePath)
    {
        var chain = AuditVerifier.Verify(auditPath);
        if (!chain.Intact)
        {
            return new ComplianceVerification { Intact = false, AuditIntact = false, Runs = 0, Rows = 0, Problem = "the audit log is altered: " + chain.Problem };
        }
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"{databasePath}: no database here", databasePath);
        }
        var seals = ReadSeals(auditPath);
        var lastSealed = seals.Count == 0 ? 0 : seals.Keys.Max();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var pruned = (long?)connection.Scalar("SELECT value FROM store_state WHERE key = $1", SqliteComplianceRetention.PrunedKey) ?? 0;
        long runs = 0, rows = 0, unsealed = 0, prunedRuns = 0;
        var stored = new HashSet<long>();
        foreach (var run in SqliteComplianceStore.RunsAfter(connection, 0, int.MaxValue))
        {
            stored.Add(run.Id);
            if (!seals.TryGetValue(run.Id, out var seal))
            {
                if (run.Id > lastSealed)
                {
                    unsealed++;
                    continue;
                }
                return Bad(runs, rows, run.Id, null, $"run {run.Id} ({run.AgentId} {run.Policy} {run.Run}) is not sealed in the audit log: it was inserted underneath");
            }
            var evidence = connection.Query(SqliteComplianceStore.SelectEvidence + " WHERE run_id = $1 ORDER BY id", SqliteComplianceStore.MapEvidence, run.Id);
            foreach (var row in evidence)
            {
                if (ComplianceEvidenceHash.Of(row.Fields) != row.EvidenceHash)
                {
                    return Bad(runs, rows, run.Id, row.Id, $"evidence row {row.Id} ({row.Fields.AgentId} {row.Fields.Policy}/{row.Fields.Check}) was altered: its content does not match its hash");
                }
            }
            var digest = ComplianceEvidenceHash.Digest(evidence.Select(e => e.EvidenceHash));
            if (evidence.Count != seal.Results || digest != seal.Digest || run.Digest != seal.Digest)
            {
                var outside = evidence.FirstOrDefault(e => e.Id < seal.First || e.Id > seal.Last);
                return Bad(runs, rows, run.Id, outside?.Id,
                    $"run {run.Id} ({run.AgentId} {run.Policy} {run.Run}) does not match its seal: {evidence.Count} rows where {seal.Results} were sealed, or a row's hash was rewritten");
            }
            runs++;
            rows += evidence.Count;
        }
        foreach (var (id, seal) in seals.OrderBy(s => s.Key))
        {
            if (!stored.Contains(id))
            {
                if (id <= pruned)
                {
                    prunedRuns++;
                    continue;
                }
                return Bad(runs, rows, id, seal.First, $"run {id} is sealed in the audit log but no longer stored: it was removed underneath");
            }
        }
        return new ComplianceVerification { Intact = true, AuditIntact = true, Runs = runs, Rows = rows, Unsealed = unsealed, Pruned = prunedRuns };
    }

    private static Dictionary<long, (string Digest, int Results, long First, long Last)> ReadSeals(string auditPath)
    {
        var seals = new Dictionary<long, (string, int, long, long)>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = auditPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        foreach (var data in connection.Query("SELECT data FROM audit WHERE kind = $1 ORDER BY seq", r => r.GetString(0), AuditKinds.ComplianceEvidence))
        {
            var node = JsonNode.Parse(data)!;
            seals[node["run_row"]!.GetValue<long>()] = (node["digest"]!.GetValue<string>(), node["results"]!.GetValue<int>(),
                node["first_evidence"]!.GetValue<long>(), node["last_evidence"]!.GetValue<long>());
        }
        return seals;
    }

    private static ComplianceVerification Bad(long runs, long rows, long run, long? evidence, string problem) => new()
    {
        Intact = false,
        AuditIntact = true,
        Runs = runs,
        Rows = rows,
        FirstBadRun = run,
        FirstBadEvidence = evidence,
        Problem = problem,
    };
}

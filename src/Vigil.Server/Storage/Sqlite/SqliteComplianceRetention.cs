namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// Retention of compliance evidence: whole runs, oldest first, in run order, until the first run younger than the
/// cutoff, so what is gone is always a prefix. The last run removed is recorded, and verification counts sealed runs
/// up to it as pruned rather than removed underneath.
/// </summary>
internal static class SqliteComplianceRetention
{
    public const string PrunedKey = "compliance_pruned_through_run";
    private const int RunsPerTransaction = 200;

    public static async Task<int> PruneAsync(SqliteWriter writer, long cutoffMs, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var removed = await writer.ExecuteAsync(ctx =>
            {
                var c = ctx.Connection;
                var runs = c.Query("SELECT id, time_ms FROM compliance_runs ORDER BY id LIMIT $1", r => (r.GetInt64(0), r.GetInt64(1)), RunsPerTransaction)
                    .TakeWhile(r => r.Item2 < cutoffMs).Select(r => r.Item1).ToList();
                if (runs.Count == 0)
                {
                    return 0;
                }
                var through = runs[^1];
                c.Execute("DELETE FROM compliance_evidence WHERE run_id <= $1", through);
                c.Execute("DELETE FROM compliance_runs WHERE id <= $1", through);
                c.Execute("INSERT INTO store_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)", PrunedKey, through);
                c.Execute("DELETE FROM compliance_host_history WHERE bucket_ms < $1", cutoffMs);
                c.Execute("DELETE FROM compliance_fleet_history WHERE bucket_ms < $1", cutoffMs);
                return runs.Count;
            }, cancellationToken);
            total += removed;
            if (removed < RunsPerTransaction)
            {
                return total;
            }
        }
    }
}

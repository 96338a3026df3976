using Microsoft.Data.Sqlite;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// Rollups and retention. Raw frames are rolled up in passes: a pass covers the frames inserted up to its start (its
/// cutoff) and goes through the hosts a group at a time, each group in its own writer transaction that merges the
/// group's frames into their 1m and 1h rows (read, merge, write; merging is associative, so a frame that arrives late
/// folds into the buckets already there) and records how far the pass got; the last group moves the watermark to the
/// cutoff. So each host's rollup rows are rewritten once per pass (not once per frame), ingest interleaves with a long
/// pass between short transactions, and a crash neither loses nor double-counts a frame: a restarted pass resumes
/// after the last group committed. Then each tier, the event log, history, anomalies and dedupe keys are trimmed to their
/// retention.
/// </summary>
internal static class SqliteMaintenance
{
    /// <summary>Hosts per rollup transaction: small enough that ingest never waits long behind one.</summary>
    public const int RollupHosts = 200;
    /// <summary>Rows per retention delete transaction, for the same reason.</summary>
    public const int DeleteChunk = 2_000;

    public static async Task<MaintenanceReport> RunAsync(SqliteWriter writer, DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        Validate(retention);
        var rolled = 0;
        while (true)
        {
            var (frames, done) = await writer.ExecuteAsync(ctx => RollUp(ctx.Connection, RollupHosts), cancellationToken);
            rolled += frames;
            if (done)
            {
                break;
            }
        }

        var nowMs = now.Ms();
        var raw = await DeleteAsync(writer,
            $"""
            DELETE FROM frames_raw WHERE id IN (SELECT id FROM frames_raw WHERE t1_ms < $1
                AND id <= (SELECT COALESCE(MAX(value), 0) FROM store_state WHERE key = '{SqliteFrames.WatermarkKey}') LIMIT $2)
            """,
            nowMs - Ms(retention.Raw), cancellationToken);
        await DeleteAsync(writer,
            "DELETE FROM batches WHERE (agent_id, seq) IN (SELECT agent_id, seq FROM batches WHERE received_ms < $1 LIMIT $2)",
            nowMs - Ms(retention.Raw), cancellationToken);
        // A bucket goes once all of it is older than the cutoff.
        var minute = await DeleteAsync(writer,
            "DELETE FROM frames_1m WHERE id IN (SELECT id FROM frames_1m WHERE bucket_ms <= $1 LIMIT $2)",
            nowMs - Ms(retention.Minute) - MetricTiers.MinuteMs, cancellationToken);
        var hour = await DeleteAsync(writer,
            "DELETE FROM frames_1h WHERE id IN (SELECT id FROM frames_1h WHERE bucket_ms <= $1 LIMIT $2)",
            nowMs - Ms(retention.Hour) - MetricTiers.HourMs, cancellationToken);
        var eventsCutoff = nowMs - Ms(retention.Events);
        var events = await DeleteAsync(writer,
            "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE time_ms < $1 LIMIT $2)",
            eventsCutoff, cancellationToken);
        await DeleteAsync(writer,
            "DELETE FROM inventory_changes WHERE id IN (SELECT id FROM inventory_changes WHERE observed_ms < $1 LIMIT $2)",
            eventsCutoff, cancellationToken);
        await DeleteAsync(writer,
            "DELETE FROM drift WHERE id IN (SELECT id FROM drift WHERE observed_ms < $1 LIMIT $2)",
            eventsCutoff, cancellationToken);
        // An anomaly goes once its newest record is that old: closed long ago, or open on a host that stopped reporting.
        var anomalies = await DeleteAsync(writer,
            "DELETE FROM anomalies WHERE (agent_id, id) IN (SELECT agent_id, id FROM anomalies WHERE last_ms < $1 LIMIT $2)",
            eventsCutoff, cancellationToken);
        var evidence = await SqliteComplianceRetention.PruneAsync(writer, nowMs - Ms(retention.Evidence), cancellationToken);
        return new MaintenanceReport(rolled, raw, minute, hour, events) { AnomaliesDeleted = anomalies, EvidenceRunsDeleted = evidence };
    }

    /// <summary>
    /// Rolls up the next <paramref name="maxHosts"/> hosts of the pass under way (starting one when none is and raw
    /// frames wait); returns how many frames it merged and whether the pass is finished.
    /// </summary>
    internal static (int Frames, bool Done) RollUp(SqliteConnection c, int maxHosts)
    {
        var watermark = SqliteFrames.Watermark(c);
        long cutoff, afterAgent;
        if (SqliteFrames.PassOf(c) is var (passCutoff, passAgent))
        {
            (cutoff, afterAgent) = (passCutoff, passAgent);
        }
        else
        {
            cutoff = c.Scalar("SELECT MAX(id) FROM frames_raw") as long? ?? 0;
            if (cutoff <= watermark)
            {
                return (0, true);
            }
            afterAgent = 0;
        }
        var hosts = c.Query("SELECT rowid, id FROM agents WHERE rowid > $1 ORDER BY rowid LIMIT $2", r => (RowId: r.GetInt64(0), Id: r.GetString(1)), afterAgent, maxHosts);
        var minutes = new Dictionary<(string, long), RollupFrame>();
        var hours = new Dictionary<(string, long), RollupFrame>();
        var count = 0;
        using (var frames = c.Prepare("SELECT blob FROM frames_raw WHERE agent_id = $1 AND id > $2 AND id <= $3", 3))
        {
            foreach (var (_, agentId) in hosts)
            {
                using var reader = frames.Bind(agentId, watermark, cutoff).ExecuteReader();
                while (reader.Read())
                {
                    count++;
                    Add(agentId, new FrameReader((byte[])reader.GetValue(0)), minutes, hours);
                }
            }
        }
        Merge(c, MetricTier.Minute, minutes);
        Merge(c, MetricTier.Hour, hours);
        var done = hosts.Count < maxHosts;
        if (done)
        {
            SetState(c, SqliteFrames.WatermarkKey, cutoff);
            c.Execute("DELETE FROM store_state WHERE key IN ($1, $2)", SqliteFrames.PassCutoffKey, SqliteFrames.PassAgentKey);
        }
        else
        {
            SetState(c, SqliteFrames.PassCutoffKey, cutoff);
            SetState(c, SqliteFrames.PassAgentKey, hosts[^1].RowId);
        }
        return (count, done);
    }

    private static void Add(string agentId, FrameReader frame, Dictionary<(string, long), RollupFrame> minutes, Dictionary<(string, long), RollupFrame> hours)
    {
        // A frame's samples nearly always share one minute: look its rollups up once, not per sample.
        long minuteMs = long.MinValue, hourMs = long.MinValue;
        RollupFrame? minute = null, hour = null;
        while (frame.TryRead(out var sample))
        {
            var m = MetricTiers.BucketStart(sample.TimestampMs, MetricTiers.MinuteMs);
            if (m != minuteMs || minute is null)
            {
                minuteMs = m;
                minute = Bucket(minutes, agentId, m, frame.Count);
                var h = MetricTiers.BucketStart(sample.TimestampMs, MetricTiers.HourMs);
                if (h != hourMs || hour is null)
                {
                    hourMs = h;
                    hour = Bucket(hours, agentId, h, frame.Count);
                }
            }
            minute.Add(sample);
            hour!.Add(sample);
        }
    }

    private static void SetState(SqliteConnection c, string key, long value) =>
        c.Execute("INSERT INTO store_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);

    private static RollupFrame Bucket(Dictionary<(string, long), RollupFrame> buckets, string agentId, long bucketMs, int capacity)
    {
        if (!buckets.TryGetValue((agentId, bucketMs), out var frame))
        {
            frame = new RollupFrame(capacity);
            buckets[(agentId, bucketMs)] = frame;
        }
        return frame;
    }

    private static void Merge(SqliteConnection c, MetricTier tier, Dictionary<(string, long), RollupFrame> buckets)
    {
        var table = SqliteFrames.Table(tier);
        using var select = c.Prepare($"SELECT blob FROM {table} WHERE agent_id = $1 AND bucket_ms = $2", 2);
        using var upsert = c.Prepare(
            $"INSERT INTO {table} (agent_id, bucket_ms, blob) VALUES ($1, $2, $3) ON CONFLICT (agent_id, bucket_ms) DO UPDATE SET blob = excluded.blob", 3);
        foreach (var ((agentId, bucketMs), frame) in buckets)
        {
            if (select.Bind(agentId, bucketMs).ExecuteScalar() is byte[] stored)
            {
                frame.MergeEncoded(stored);
            }
            upsert.Bind(agentId, bucketMs, frame.Encode()).ExecuteNonQuery();
        }
    }

    private static async Task<int> DeleteAsync(SqliteWriter writer, string sql, long cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        int n;
        do
        {
            n = await writer.ExecuteAsync(ctx => ctx.Connection.Execute(sql, cutoff, DeleteChunk), cancellationToken);
            total += n;
        }
        while (n == DeleteChunk);
        return total;
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static void Validate(RetentionOptions retention)
    {
        foreach (var (name, value) in (ReadOnlySpan<(string, TimeSpan)>)[("raw", retention.Raw), ("minute", retention.Minute), ("hour", retention.Hour), ("events", retention.Events), ("evidence", retention.Evidence)])
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"retention.{name} must be positive, not {value}", nameof(retention));
            }
        }
    }
}

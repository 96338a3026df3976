using Microsoft.Data.Sqlite;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// Rollups and retention. Raw frames are rolled up in insertion order after a persisted watermark: each chunk merges
/// its samples into the 1m and 1h rows (read, merge, write; merging is associative, so a frame that arrives late
/// folds into the buckets already there) and moves the watermark in the same transaction, so a crash neither loses
/// nor double-counts a frame. Then each tier, the event log, history and dedupe keys are trimmed to their retention.
/// Every chunk is its own writer transaction, so ingest interleaves with a long pass.
/// </summary>
internal static class SqliteMaintenance
{
    /// <summary>Raw frames per rollup transaction. Large, because a host's rollup rows are rewritten once per chunk it appears in.</summary>
    public const int RollupChunk = 20_000;
    public const int DeleteChunk = 10_000;

    public static async Task<MaintenanceReport> RunAsync(SqliteWriter writer, DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        Validate(retention);
        var rolled = 0;
        int n;
        do
        {
            n = await writer.ExecuteAsync(ctx => RollUp(ctx.Connection, RollupChunk), cancellationToken);
            rolled += n;
        }
        while (n == RollupChunk);

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
        return new MaintenanceReport(rolled, raw, minute, hour, events);
    }

    /// <summary>Rolls up to <paramref name="max"/> raw frames after the watermark; returns how many.</summary>
    internal static int RollUp(SqliteConnection c, int max)
    {
        var watermark = SqliteFrames.Watermark(c);
        var minutes = new Dictionary<(string, long), RollupFrame>();
        var hours = new Dictionary<(string, long), RollupFrame>();
        var count = 0;
        var last = watermark;
        using (var command = c.Command("SELECT id, agent_id, blob FROM frames_raw WHERE id > $1 ORDER BY id LIMIT $2", watermark, max))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                count++;
                last = reader.GetInt64(0);
                var agentId = reader.GetString(1);
                var frame = new FrameReader((byte[])reader.GetValue(2));
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
        }
        if (count == 0)
        {
            return 0;
        }
        Merge(c, MetricTier.Minute, minutes);
        Merge(c, MetricTier.Hour, hours);
        c.Execute(
            "INSERT INTO store_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            SqliteFrames.WatermarkKey, last);
        return count;
    }

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
        foreach (var (name, value) in (ReadOnlySpan<(string, TimeSpan)>)[("raw", retention.Raw), ("minute", retention.Minute), ("hour", retention.Hour), ("events", retention.Events)])
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"retention.{name} must be positive, not {value}", nameof(retention));
            }
        }
    }
}

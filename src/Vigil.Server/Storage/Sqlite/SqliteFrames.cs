using Microsoft.Data.Sqlite;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>Reading the frame tables: which tier holds what, and feeding a query's frames to a <see cref="SeriesBucketer"/>.</summary>
internal static class SqliteFrames
{
    public const string WatermarkKey = "rollup_watermark";
    /// <summary>While a rollup pass is under way: the id of the newest raw frame it rolls up.</summary>
    public const string PassCutoffKey = "rollup_pass_cutoff";
    /// <summary>While a rollup pass is under way: the rowid (in <c>agents</c>) of the last host it has rolled up to the cutoff.</summary>
    public const string PassAgentKey = "rollup_pass_agent";

    public static string Table(MetricTier tier) => tier switch
    {
        MetricTier.Raw => "frames_raw",
        MetricTier.Minute => "frames_1m",
        MetricTier.Hour => "frames_1h",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown tier"),
    };

    /// <summary>The id of the last raw frame rolled up for every host; raw frames after it are in no rollup yet (but see <see cref="PassOf"/>).</summary>
    public static long Watermark(SqliteConnection connection) => State(connection, WatermarkKey) ?? 0;

    /// <summary>
    /// The id of the last raw frame rolled up for <paramref name="agentId"/>: the pass's cutoff once a pass under way
    /// has done this host, else the watermark.
    /// </summary>
    public static long Watermark(SqliteConnection connection, string agentId)
    {
        var watermark = Watermark(connection);
        return PassOf(connection) is var (cutoff, agentRowId)
            && connection.Scalar("SELECT rowid FROM agents WHERE id = $1", agentId) is long rowId && rowId <= agentRowId
            ? cutoff
            : watermark;
    }

    /// <summary>The rollup pass under way, if one is: the newest frame it covers and the last host (agents rowid) it has done.</summary>
    public static (long Cutoff, long AgentRowId)? PassOf(SqliteConnection connection) =>
        State(connection, PassCutoffKey) is { } cutoff ? (cutoff, State(connection, PassAgentKey) ?? 0) : null;

    private static long? State(SqliteConnection connection, string key) =>
        connection.Scalar("SELECT value FROM store_state WHERE key = $1", key) as long?;

    /// <summary>The oldest time (bucket start for rollups) a tier holds for a host.</summary>
    public static long? Oldest(SqliteConnection connection, string agentId, MetricTier tier) =>
        connection.Scalar(
            tier == MetricTier.Raw
                ? "SELECT MIN(t0_ms) FROM frames_raw WHERE agent_id = $1"
                : $"SELECT MIN(bucket_ms) FROM {Table(tier)} WHERE agent_id = $1",
            agentId) as long?;

    /// <summary>Adds the samples of raw frames overlapping [from, to] (only those after <paramref name="afterId"/>).</summary>
    public static void ReadRaw(SqliteConnection connection, string agentId, long fromMs, long toMs, long afterId, SeriesBucketer bucketer, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            "SELECT blob FROM frames_raw WHERE agent_id = $1 AND t0_ms >= $2 AND t0_ms <= $3 AND t1_ms >= $4 AND id > $5",
            agentId, fromMs - FramePartition.MaxSpanMs, toMs, fromMs, afterId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = new FrameReader((byte[])reader.GetValue(0));
            while (frame.TryRead(out var sample))
            {
                bucketer.Add(sample);
            }
        }
    }

    /// <summary>Adds the cells of rollup rows whose bucket starts in [from, to].</summary>
    public static void ReadRollup(SqliteConnection connection, MetricTier tier, string agentId, long fromMs, long toMs, SeriesBucketer bucketer, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            $"SELECT bucket_ms, blob FROM {Table(tier)} WHERE agent_id = $1 AND bucket_ms >= $2 AND bucket_ms <= $3",
            agentId, fromMs, toMs);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bucket = reader.GetInt64(0);
            var rollup = new RollupReader((byte[])reader.GetValue(1));
            while (rollup.TryRead(out var series, out var cell))
            {
                bucketer.Add(series, bucket, cell);
            }
        }
    }
}

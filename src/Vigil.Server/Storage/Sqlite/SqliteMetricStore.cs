using Microsoft.Data.Sqlite;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteMetricStore(SqliteServerStore store, LatestValues latest) : IMetricStore
{
    /// <summary>How far back from a host's newest frame the latest values are looked for after a restart.</summary>
    private static readonly long LatestLookbackMs = (long)TimeSpan.FromHours(1).TotalMilliseconds;

    public Task<SeriesResult?> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        Validate(query);
        var fromMs = query.From.Ms();
        var toMs = query.To.Ms();
        return store.ReadAsync(c =>
        {
            var rows = Series(c, query.AgentId, [query.Metric]);
            if (rows.Count == 0)
            {
                return null;
            }
            var matching = rows
                .Where(r => SeriesIdentity.Matches(r.Attributes, query.Attributes))
                .OrderBy(r => SeriesIdentity.Render(r.Attributes), StringComparer.Ordinal)
                .ToList();
            var truncated = matching.Count > query.MaxSeries;
            if (truncated)
            {
                matching.RemoveRange(query.MaxSeries, matching.Count - query.MaxSeries);
            }
            var tier = TierChooser.Choose(query.Step, fromMs, t => SqliteFrames.Oldest(c, query.AgentId, t));
            var bucketer = Read(c, query.AgentId, tier, TierChooser.StepMs(tier, query.Step), fromMs, toMs, matching.Select(r => r.Index), cancellationToken);
            var kind = StoredMetric.ParseKind(rows[0].Kind);
            return new SeriesResult
            {
                Metric = query.Metric,
                Unit = StoredMetric.Unit(rows[0].Unit, kind),
                Kind = rows[0].Kind,
                Tier = tier.Name(),
                StepMs = bucketer.StepMs,
                Series = [.. matching.Select(r => new SeriesData(r.Attributes, bucketer.Points(r.Index, query.Aggregation)))],
                Truncated = truncated,
            };
        }, cancellationToken);
    }

    public Task<IReadOnlyList<MetricInfo>> ListMetricsAsync(string agentId, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<MetricInfo>>(c => c.Query(
            "SELECT name, unit, kind, COUNT(*) FROM series WHERE agent_id = $1 GROUP BY name ORDER BY name",
            r => new MetricInfo(r.GetString(0), StoredMetric.Unit(r.GetString(1), StoredMetric.ParseKind(r.GetString(2))), r.GetString(2), r.GetInt32(3)),
            agentId), cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> LatestAsync(string agentId, IReadOnlyList<string> metrics, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>>(c =>
        {
            var result = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
            if (metrics.Count == 0)
            {
                return result;
            }
            var rows = Series(c, agentId, metrics);
            var host = latest.For(agentId);
            if (!host.IsSeeded)
            {
                Seed(c, agentId, host);
            }
            foreach (var row in rows)
            {
                if (!host.TryGet(row.Index, out var value))
                {
                    continue;
                }
                if (!result.TryGetValue(row.Name, out var values))
                {
                    values = new Dictionary<string, double>(StringComparer.Ordinal);
                    result[row.Name] = values;
                }
                ((Dictionary<string, double>)values)[SeriesIdentity.Render(row.Attributes)] = value;
            }
            return result;
        }, cancellationToken);

    public Task<MaintenanceReport> MaintainAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken) =>
        SqliteMaintenance.RunAsync(store.Writer, now, retention, cancellationToken);

    private static void Validate(SeriesQuery query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query.AgentId, nameof(query.AgentId));
        ArgumentException.ThrowIfNullOrEmpty(query.Metric, nameof(query.Metric));
        if (query.To < query.From)
        {
            throw new ArgumentException($"query range ends ({query.To:O}) before it starts ({query.From:O})", nameof(query));
        }
        if (query.Step <= TimeSpan.Zero)
        {
            throw new ArgumentException($"query step must be positive, not {query.Step}", nameof(query));
        }
        if (query.MaxSeries < 1)
        {
            throw new ArgumentException($"max series must be at least 1, not {query.MaxSeries}", nameof(query));
        }
        if (!Enum.IsDefined(query.Aggregation))
        {
            throw new ArgumentException($"unknown aggregation {query.Aggregation}", nameof(query));
        }
    }

    private static SeriesBucketer Read(SqliteConnection c, string agentId, MetricTier tier, long stepMs, long fromMs, long toMs, IEnumerable<int> series, CancellationToken cancellationToken)
    {
        if (tier == MetricTier.Raw)
        {
            var raw = new SeriesBucketer(series, fromMs, toMs, stepMs);
            SqliteFrames.ReadRaw(c, agentId, fromMs, toMs, afterId: 0, raw, cancellationToken);
            return raw;
        }
        // A rollup tier answers in whole buckets: widen the range to the buckets it touches, and add the raw frames
        // not rolled up yet, so the newest minutes are there before maintenance has run.
        var resolution = tier.ResolutionMs();
        var first = MetricTiers.BucketStart(fromMs, resolution);
        var last = MetricTiers.BucketStart(toMs, resolution) + resolution - 1;
        var bucketer = new SeriesBucketer(series, first, last, stepMs);
        SqliteFrames.ReadRollup(c, tier, agentId, first, toMs, bucketer, cancellationToken);
        SqliteFrames.ReadRaw(c, agentId, first, last, SqliteFrames.Watermark(c, agentId), bucketer, cancellationToken);
        return bucketer;
    }

    private static List<SeriesRow> Series(SqliteConnection c, string agentId, IReadOnlyList<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToArray();
        var placeholders = string.Join(", ", distinct.Select((_, i) => "$" + (i + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return c.Query(
            $"SELECT idx, name, unit, kind, attrs_json FROM series WHERE agent_id = $1 AND name IN ({placeholders}) ORDER BY idx",
            r => new SeriesRow(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), StorageJson.ParseMap(r.GetString(4))),
            [agentId, .. distinct]);
    }

    private static void Seed(SqliteConnection c, string agentId, HostLatest host)
    {
        var samples = new List<FrameSample>();
        using (var command = c.Command(
            "SELECT blob FROM frames_raw WHERE agent_id = $1 AND t0_ms >= (SELECT MAX(t0_ms) FROM frames_raw WHERE agent_id = $1) - $2 ORDER BY t0_ms",
            agentId, LatestLookbackMs))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var frame = new FrameReader((byte[])reader.GetValue(0));
                while (frame.TryRead(out var sample))
                {
                    samples.Add(sample);
                }
            }
        }
        host.Seed(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples));
    }
}

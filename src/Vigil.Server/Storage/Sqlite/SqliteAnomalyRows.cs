using Microsoft.Data.Sqlite;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>How anomalies map to the anomalies table, shared by ingest (writes) and the anomaly store (reads).</summary>
internal static class SqliteAnomalyRows
{
    public const string Columns =
        "agent_id, id, metric, attrs_json, since_ms, opened_ms, closed_ms, peak_score, expected_low, expected_high, observed, closed_observed, detectors_json, message, last_ms";

    public const string Select = $"SELECT {Columns} FROM anomalies WHERE agent_id = $1 AND id = $2";

    public const string Upsert = $"""
        INSERT INTO anomalies ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        ON CONFLICT (agent_id, id) DO UPDATE SET since_ms = excluded.since_ms, opened_ms = excluded.opened_ms,
            closed_ms = excluded.closed_ms, peak_score = excluded.peak_score, expected_low = excluded.expected_low,
            expected_high = excluded.expected_high, observed = excluded.observed, closed_observed = excluded.closed_observed,
            detectors_json = excluded.detectors_json, message = excluded.message, last_ms = excluded.last_ms
        """;

    public const int UpsertParameters = 15;

    public static SqliteCommand Bind(SqliteCommand upsert, StoredAnomaly a) => upsert.Bind(
        a.AgentId, a.Id, a.Metric, StorageJson.Map(a.Attributes), a.Since.Ms(), a.OpenedAt.Ms(), a.ClosedAt.Ms(), a.PeakScore,
        a.ExpectedLow, a.ExpectedHigh, a.Observed, a.ClosedObserved, StorageJson.Names(a.Detectors), a.Message, a.LastAt.Ms());

    /// <summary>Reads a row selected with <see cref="Columns"/>, optionally followed by the host's name and the metric's unit and kind.</summary>
    public static StoredAnomaly Read(SqliteDataReader r) => new()
    {
        AgentId = r.GetString(0),
        Id = r.GetString(1),
        Metric = r.GetString(2),
        Attributes = StorageJson.ParseMap(r.GetString(3)),
        Since = r.Time(4),
        OpenedAt = r.NullableTime(5),
        ClosedAt = r.NullableTime(6),
        PeakScore = r.GetDouble(7),
        ExpectedLow = r.GetDouble(8),
        ExpectedHigh = r.GetDouble(9),
        Observed = r.GetDouble(10),
        ClosedObserved = r.IsDBNull(11) ? null : r.GetDouble(11),
        Detectors = StorageJson.ParseNames(r.GetString(12)),
        Message = r.GetString(13),
        LastAt = r.Time(14),
        Hostname = r.FieldCount > 15 && !r.IsDBNull(15) ? r.GetString(15) : "",
        Unit = r.FieldCount > 17 && !r.IsDBNull(16) && !r.IsDBNull(17) ? StoredMetric.Unit(r.GetString(16), StoredMetric.ParseKind(r.GetString(17))) : null,
    };
}

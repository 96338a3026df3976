using Microsoft.Data.Sqlite;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>How events map to the events table, shared by ingest (same transaction as the batch) and the event store.</summary>
internal static class SqliteEventRows
{
    /// <summary>Ignores an event whose id is stored: ids are idempotency keys.</summary>
    public const string Insert = """
        INSERT OR IGNORE INTO events (id, spec_version, source, type, subject, time_ms, content_type, correlation_id, causation_id, agent_id, data_json)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """;

    public const int InsertParameters = 11;

    public const string Columns = "seq, id, spec_version, source, type, subject, time_ms, content_type, correlation_id, causation_id, agent_id, data_json";

    public static SqliteCommand Bind(SqliteCommand insert, VigilEvent e)
    {
        if (string.IsNullOrEmpty(e.Id) || string.IsNullOrEmpty(e.Source) || string.IsNullOrEmpty(e.Type))
        {
            throw new ArgumentException($"event '{e.Id}' of type '{e.Type}' lacks an id, source or type");
        }
        return insert.Bind(e.Id, e.SpecVersion, e.Source, e.Type, e.Subject, e.Time.Ms(), e.DataContentType, e.CorrelationId, e.CausationId, e.AgentId, StorageJson.Data(e.Data));
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>; returns the event and its cursor.</summary>
    public static (long Cursor, VigilEvent Event) Read(SqliteDataReader reader) => (reader.GetInt64(0), new VigilEvent
    {
        Id = reader.GetString(1),
        SpecVersion = reader.GetString(2),
        Source = reader.GetString(3),
        Type = reader.GetString(4),
        Subject = reader.NullableString(5),
        Time = reader.Time(6),
        DataContentType = reader.GetString(7),
        CorrelationId = reader.NullableString(8),
        CausationId = reader.NullableString(9),
        AgentId = reader.NullableString(10),
        Data = StorageJson.ParseData(reader.NullableString(11)),
    });
}

using System.Text;

namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteEventStore(SqliteServerStore store) : IEventStore
{
    public const int MaxLimit = 1000;

    public Task<int> AppendAsync(IReadOnlyList<VigilEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return Task.FromResult(0);
        }
        return store.Writer.ExecuteAsync(ctx =>
        {
            using var insert = ctx.Connection.Prepare(SqliteEventRows.Insert, SqliteEventRows.InsertParameters);
            var added = 0;
            foreach (var e in events)
            {
                added += SqliteEventRows.Bind(insert, e).ExecuteNonQuery();
            }
            return added;
        }, cancellationToken);
    }

    public Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"limit must be between 1 and {MaxLimit}");
        }
        var conditions = new List<string>();
        var parameters = new Dictionary<string, object>();
        if (query.Type is { Length: > 0 } type)
        {
            if (!type.EndsWith('*'))
            {
                conditions.Add("type = @type");
                parameters["@type"] = type;
            }
            else if (type.Length > 1)
            {
                // The range lets the type index find the prefix; substr makes the match exact.
                conditions.Add("type >= @prefix AND substr(type, 1, length(@prefix)) = @prefix");
                parameters["@prefix"] = type[..^1];
            }
        }
        Add(conditions, parameters, "agent_id = @agent", "@agent", query.AgentId);
        Add(conditions, parameters, "correlation_id = @correlation", "@correlation", query.CorrelationId);
        Add(conditions, parameters, "time_ms >= @since", "@since", query.Since?.Ms());
        Add(conditions, parameters, "time_ms <= @until", "@until", query.Until?.Ms());
        Add(conditions, parameters, "seq < @before", "@before", query.Before);
        var sql = new StringBuilder($"SELECT {SqliteEventRows.Columns} FROM events");
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }
        // One more than asked tells whether another page follows.
        sql.Append(" ORDER BY seq DESC LIMIT ").Append(query.Limit + 1);
        return store.ReadAsync(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = sql.ToString();
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            var rows = command.ReadAll(SqliteEventRows.Read);
            var more = rows.Count > query.Limit;
            var page = rows.Take(query.Limit).ToList();
            return new EventPage([.. page.Select(r => r.Event)], more ? page[^1].Cursor : null);
        }, cancellationToken);
    }

    private static void Add(List<string> conditions, Dictionary<string, object> parameters, string condition, string name, object? value)
    {
        if (value is not null)
        {
            conditions.Add(condition);
            parameters[name] = value;
        }
    }

    public Task<VigilEvent?> GetAsync(string id, CancellationToken cancellationToken) =>
        store.ReadAsync(c => c.Query($"SELECT {SqliteEventRows.Columns} FROM events WHERE id = $1", SqliteEventRows.Read, id).Select(r => r.Event).FirstOrDefault(), cancellationToken);
}

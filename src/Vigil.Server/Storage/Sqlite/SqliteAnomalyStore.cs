using System.Text;
using Vigil.Protocol;

namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteAnomalyStore(SqliteServerStore store) : IAnomalyStore
{
    public const int MaxLimit = 1000;

    private static readonly string Columns = string.Join(", ", SqliteAnomalyRows.Columns.Split(", ").Select(c => "a." + c));

    public Task<IReadOnlyList<StoredAnomaly>> QueryAsync(AnomalyQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"limit must be between 1 and {MaxLimit}");
        }
        var conditions = new List<string>();
        var parameters = new Dictionary<string, object>();
        if (query.AgentId is not null)
        {
            conditions.Add("a.agent_id = @agent");
            parameters["@agent"] = query.AgentId;
        }
        if (query.State is { } state)
        {
            conditions.Add(state == AnomalyState.Open ? "a.closed_ms IS NULL" : "a.closed_ms IS NOT NULL");
        }
        if (query.Metric is { Length: > 0 } metric)
        {
            if (metric.EndsWith('*'))
            {
                conditions.Add("substr(a.metric, 1, length(@metric)) = @metric");
                parameters["@metric"] = metric[..^1];
            }
            else
            {
                conditions.Add("a.metric = @metric");
                parameters["@metric"] = metric;
            }
        }
        if (query.Since is { } since)
        {
            conditions.Add("(a.closed_ms IS NULL OR a.closed_ms >= @since)");
            parameters["@since"] = since.Ms();
        }
        if (query.Until is { } until)
        {
            conditions.Add("a.since_ms <= @until");
            parameters["@until"] = until.Ms();
        }
        // The unit and kind of any one series of the metric: every series of a metric shares them.
        var sql = new StringBuilder($"""
            SELECT {Columns}, g.hostname,
                (SELECT s.unit FROM series s WHERE s.agent_id = a.agent_id AND s.name = a.metric LIMIT 1),
                (SELECT s.kind FROM series s WHERE s.agent_id = a.agent_id AND s.name = a.metric LIMIT 1)
            FROM anomalies a LEFT JOIN agents g ON g.id = a.agent_id
            """);
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }
        sql.Append(" ORDER BY a.closed_ms IS NOT NULL, a.since_ms DESC, a.agent_id, a.id LIMIT ").Append(query.Limit);
        return store.ReadAsync<IReadOnlyList<StoredAnomaly>>(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = sql.ToString();
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            return command.ReadAll(SqliteAnomalyRows.Read);
        }, cancellationToken);
    }
}

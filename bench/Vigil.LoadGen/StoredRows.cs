using Microsoft.Data.Sqlite;

namespace Vigil.LoadGen;

/// <summary>Reads the server's SQLite file read-only: where each agent's sequences stand, and how many of a run's batches were stored.</summary>
public static class StoredRows
{
    public static Dictionary<string, long> LastSequences(string databasePath)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, last_seq FROM agents";
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            last[reader.GetString(0)] = reader.GetInt64(1);
        }
        return last;
    }

    /// <summary>Rows in <c>batches</c> per agent within the sequences this run sent.</summary>
    public static long CountStored(string databasePath, IEnumerable<SimulatedAgent> agents, out int agentsShort)
    {
        using var connection = Open(databasePath);
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot for every count
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM batches WHERE agent_id = $agent AND seq BETWEEN $first AND $last";
        var agent = command.Parameters.Add("$agent", SqliteType.Text);
        var first = command.Parameters.Add("$first", SqliteType.Integer);
        var last = command.Parameters.Add("$last", SqliteType.Integer);
        long stored = 0;
        agentsShort = 0;
        foreach (var simulated in agents)
        {
            agent.Value = simulated.AgentId;
            first.Value = simulated.FirstSequence;
            last.Value = simulated.LastSequence;
            var count = (long)command.ExecuteScalar()!;
            stored += count;
            if (count != simulated.LastSequence - simulated.FirstSequence + 1)
            {
                agentsShort++;
            }
        }
        return stored;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}

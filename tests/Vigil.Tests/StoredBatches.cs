using Microsoft.Data.Sqlite;

namespace Vigil.Tests;

/// <summary>Reads what the server committed straight from its SQLite file (read-only), to count rows against what was sent.</summary>
public static class StoredBatches
{
    public static IReadOnlyList<long> Sequences(string databasePath, string agentId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM batches WHERE agent_id = $agent ORDER BY seq";
        command.Parameters.AddWithValue("$agent", agentId);
        var sequences = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            sequences.Add(reader.GetInt64(0));
        }
        return sequences;
    }

    /// <summary>Fails with the exact gaps when the sequences are not 1..max with every number present once.</summary>
    public static void AssertContiguousFromOne(IReadOnlyList<long> sequences)
    {
        Assert.NotEmpty(sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        var missing = Enumerable.Range(1, (int)sequences[^1]).Select(i => (long)i).Except(sequences).ToList();
        Assert.True(missing.Count == 0, $"sequences missing on the server: {string.Join(", ", missing.Take(20))}");
    }
}

using Microsoft.Data.Sqlite;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>Small helpers that keep the stores' SQL readable.</summary>
internal static class SqliteCommands
{
    /// <summary>A command with positional parameters $1, $2, … bound to <paramref name="values"/> (null → NULL).</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }
        return command;
    }

    public static int Execute(this SqliteConnection connection, string sql, params object?[] values)
    {
        using var command = connection.Command(sql, values);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this SqliteConnection connection, string sql, params object?[] values)
    {
        using var command = connection.Command(sql, values);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>A command compiled once and run many times with new values (the writer's hot statements).</summary>
    public static SqliteCommand Prepare(this SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), DBNull.Value));
        }
        command.Prepare();
        return command;
    }

    public static SqliteCommand Bind(this SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return command;
    }

    public static List<T> ReadAll<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
    {
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public static List<T> Query<T>(this SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params object?[] values)
    {
        using var command = connection.Command(sql, values);
        return command.ReadAll(map);
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset Time(this SqliteDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableTime(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static long Ms(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(this DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}

using Microsoft.Data.Sqlite;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>Brings a database to the newest <see cref="SqliteSchema"/>, one migration per transaction.</summary>
internal static class SqliteMigrations
{
    /// <summary>Returns the schema version the database had before.</summary>
    public static int Apply(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(connection.Scalar("PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Migrations.Length)
        {
            throw new InvalidOperationException(
                $"{path} has schema version {version}, newer than this server's {SqliteSchema.Migrations.Length}: it was written by a newer Vigil");
        }
        for (var i = version; i < SqliteSchema.Migrations.Length; i++)
        {
            connection.Execute("BEGIN IMMEDIATE");
            try
            {
                connection.Execute(SqliteSchema.Migrations[i]);
                connection.Execute($"PRAGMA user_version = {i + 1}");
                connection.Execute("COMMIT");
            }
            catch
            {
                connection.Execute("ROLLBACK");
                throw;
            }
        }
        return version;
    }
}

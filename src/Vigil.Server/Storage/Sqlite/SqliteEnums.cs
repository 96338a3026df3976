using Vigil.Protocol;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>Enums are stored as their lowercase names, which read well in SQL and survive reordering of members.</summary>
internal static class SqliteEnums
{
    public static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static T Parse<T>(string name)
        where T : struct, Enum =>
        Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"'{name}' in the database is not a {typeof(T).Name}");

    public static HealthStatus Health(string name) => Parse<HealthStatus>(name);
}

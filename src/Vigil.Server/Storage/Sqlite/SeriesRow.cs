namespace Vigil.Server.Storage.Sqlite;

/// <summary>A row of the series table.</summary>
internal sealed record SeriesRow(int Index, string Name, string Unit, string Kind, IReadOnlyDictionary<string, string> Attributes);

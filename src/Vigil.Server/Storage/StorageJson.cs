using System.Text.Json;
using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>The JSON text forms stores keep; one place so every store writes and reads them alike.</summary>
public static class StorageJson
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>A string map with keys in ordinal order, so equal maps are equal text.</summary>
    public static string Map(IReadOnlyDictionary<string, string>? map)
    {
        var sorted = new Dictionary<string, string>(map?.Count ?? 0, StringComparer.Ordinal);
        foreach (var (key, value) in Metrics.SeriesIdentity.Sorted(map))
        {
            sorted[key] = value;
        }
        return JsonSerializer.Serialize(sorted, StorageJsonContext.Default.DictionaryStringString);
    }

    public static IReadOnlyDictionary<string, string> ParseMap(string? json) =>
        string.IsNullOrEmpty(json) ? Empty : JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringString) ?? Empty;

    public static string? OptionalMap(IReadOnlyDictionary<string, string>? map) => map is null ? null : Map(map);

    public static IReadOnlyDictionary<string, string>? ParseOptionalMap(string? json) => json is null ? null : ParseMap(json);

    public static string Items(IReadOnlyList<InventoryItem> items) =>
        JsonSerializer.Serialize(items, StorageJsonContext.Default.IReadOnlyListInventoryItem);

    public static IReadOnlyList<InventoryItem> ParseItems(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListInventoryItem) ?? [];

    public static string Identity(IdentityRecord identity) =>
        JsonSerializer.Serialize(identity, StorageJsonContext.Default.IdentityRecord);

    public static IdentityRecord ParseIdentity(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.IdentityRecord)
        ?? throw new InvalidDataException("stored identity is JSON null");

    public static string? Fingerprint(FileFingerprint? fingerprint) =>
        fingerprint is null ? null : JsonSerializer.Serialize(fingerprint, StorageJsonContext.Default.FileFingerprint);

    public static FileFingerprint? ParseFingerprint(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StorageJsonContext.Default.FileFingerprint);

    public static string Names(IReadOnlyList<string> names) =>
        JsonSerializer.Serialize(names, StorageJsonContext.Default.IReadOnlyListString);

    public static IReadOnlyList<string> ParseNames(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListString) ?? [];

    /// <summary>An event's data as stored (raw JSON text), or null.</summary>
    public static string? Data(JsonElement? data) =>
        data is { ValueKind: not JsonValueKind.Undefined } element ? element.GetRawText() : null;

    public static JsonElement? ParseData(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Protocol;

namespace Vigil.Server.Compliance;

/// <summary>Canonical JSON for the maps an evidence row stores (keys sorted, compact), so its hash does not depend on the order a host sent them in.</summary>
public static class ComplianceJson
{
    public static string Mappings(IReadOnlyDictionary<string, IReadOnlyList<string>>? mappings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, ids) in (mappings ?? new Dictionary<string, IReadOnlyList<string>>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteStartArray(key);
                foreach (var id in ids)
                {
                    writer.WriteStringValue(id);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string? Remediation(ComplianceRemediation? action)
    {
        if (action is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action.Action);
            writer.WriteStartObject("params");
            foreach (var (key, value) in (action.Parameters ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
            writer.WriteBoolean("automatic", action.Automatic);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    /// <summary>A stored remediation action back as its parts.</summary>
    public static (string Action, Dictionary<string, string> Parameters, bool Automatic)? ParseRemediation(string? json)
    {
        if (json is null)
        {
            return null;
        }
        var node = JsonNode.Parse(json)!;
        var parameters = node["params"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        return (node["action"]!.GetValue<string>(), parameters, node["automatic"]!.GetValue<bool>());
    }
}

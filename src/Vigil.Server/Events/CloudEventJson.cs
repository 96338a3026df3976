using System.Text.Json.Nodes;
using Vigil.Server.Storage;

namespace Vigil.Server.Events;

/// <summary>CloudEvents 1.0 structured-mode JSON: the attribute names the spec fixes (lowercase, no separators).</summary>
public static class CloudEventJson
{
    public static JsonObject ToStructured(VigilEvent e)
    {
        var json = new JsonObject
        {
            ["specversion"] = e.SpecVersion,
            ["id"] = e.Id,
            ["source"] = e.Source,
            ["type"] = e.Type,
            ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["datacontenttype"] = e.DataContentType,
        };
        if (e.Subject is not null)
        {
            json["subject"] = e.Subject;
        }
        if (e.CorrelationId is not null)
        {
            json["correlationid"] = e.CorrelationId;
        }
        if (e.CausationId is not null)
        {
            json["causationid"] = e.CausationId;
        }
        if (e.AgentId is not null)
        {
            json["vigilagent"] = e.AgentId;
        }
        if (e.Data is { } data)
        {
            json["data"] = JsonNode.Parse(data.GetRawText());
        }
        return json;
    }
}

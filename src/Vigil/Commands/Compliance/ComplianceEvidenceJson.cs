using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Cli.Client;
using Vigil.Server.Compliance.Export;

namespace Vigil.Cli.Commands.Compliance;

/// <summary>
/// Reads the compliance API's evidence rows and exceptions into the export model. A row missing a field the report
/// needs is an error naming the row and the field, never a silently blank cell in an auditor's file.
/// </summary>
public static class ComplianceEvidenceJson
{
    public static EvidenceRow Row(JsonNode node)
    {
        var where = $"result {Optional(node, "id") ?? "?"}";
        return new EvidenceRow(
            Long(node, "id", where),
            Required(node, "host_id", where),
            Optional(node, "hostname") ?? Required(node, "host_id", where),
            Time(node, "time", where),
            Required(node, "policy", where),
            Optional(node, "policy_version") ?? "",
            Optional(node, "content_hash") ?? "",
            Optional(node, "run") ?? "",
            Optional(node, "trigger") ?? "",
            Required(node, "check", where),
            Optional(node, "title") ?? "",
            Required(node, "status", where),
            Optional(node, "effective") ?? Required(node, "status", where),
            Optional(node, "observed") ?? "",
            Optional(node, "severity") ?? "",
            Mappings(node["compliance"], where + ": compliance"),
            Mappings(node["references"], where + ": references"),
            Optional(node, "exception_id"),
            Required(node, "evidence_hash", where));
    }

    public static ComplianceException Exception(JsonNode node)
    {
        var where = $"exception {Optional(node, "id") ?? "?"}";
        return new ComplianceException(
            Required(node, "id", where),
            Optional(node, "policy"),
            Required(node, "check", where),
            Optional(node, "select") ?? "*",
            Optional(node, "kind") ?? ComplianceException.KindException,
            Optional(node, "owner") ?? "",
            Optional(node, "reason") ?? "",
            Time(node, "created", where),
            Optional(node, "created_by") ?? "",
            Time(node, "expires", where),
            Optional(node, "state") ?? "active",
            node["matching_hosts"] is JsonValue v && v.TryGetValue(out int n) ? n : 0);
    }

    private static string Required(JsonNode node, string field, string where) =>
        Optional(node, field) ?? throw new CliException($"the server's answer is missing '{field}' in {where}");

    /// <summary>A string field, or a number written as text (ids may be either); null when absent or JSON null.</summary>
    private static string? Optional(JsonNode node, string field) => node[field] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    private static long Long(JsonNode node, string field, string where) =>
        long.TryParse(Required(node, field, where), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CliException($"'{field}' in {where} is not a whole number");

    private static DateTimeOffset Time(JsonNode node, string field, string where) =>
        DateTimeOffset.TryParse(Required(node, field, where), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new CliException($"'{field}' in {where} is not an ISO-8601 time");

    private static Dictionary<string, IReadOnlyList<string>> Mappings(JsonNode? node, string where)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }
        if (node is not JsonObject obj)
        {
            throw new CliException($"{where} is not an object of lists");
        }
        foreach (var (key, value) in obj)
        {
            result[key] = value switch
            {
                JsonArray list => list.Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToList(),
                JsonValue one => [one.ToString()],
                _ => [],
            };
        }
        return result;
    }
}

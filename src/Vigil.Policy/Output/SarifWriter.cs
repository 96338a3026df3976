using System.Text.Json;
using Vigil.Policy.Model;
using Vigil.Policy.Results;

namespace Vigil.Policy.Output;

/// <summary>
/// Writes results as SARIF 2.1.0 for code-scanning tools: one run, one rule per check, one result per check that
/// failed or errored (level error for failures of high/critical severity, warning otherwise; errors as notes with
/// kind "review"). Host state has no source file, so each result carries a logical location: policy/check on host.
/// Passing and not-applicable checks are left out, as SARIF lists problems.
/// </summary>
public static class SarifWriter
{
    public static void Write(Stream output, IReadOnlyList<PolicyResult> results, string toolVersion)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "vigil-agent");
        w.WriteString("version", toolVersion);
        w.WriteString("informationUri", "https://vigil.dev/docs/compliance");
        w.WriteStartArray("rules");
        foreach (var r in results.SelectMany(p => p.Results))
        {
            w.WriteStartObject();
            w.WriteString("id", $"{r.Policy}/{r.Check}");
            w.WriteStartObject("shortDescription");
            w.WriteString("text", r.Title);
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("severity", r.Severity);
            WriteMap(w, "references", r.References);
            WriteMap(w, "compliance", r.Compliance);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var policy in results)
        {
            foreach (var r in policy.Results.Where(r => r.Status is CheckStatusNames.Fail or CheckStatusNames.Error))
            {
                w.WriteStartObject();
                w.WriteString("ruleId", $"{r.Policy}/{r.Check}");
                w.WriteString("level", r.Status == CheckStatusNames.Error ? "note" : r.Severity is "high" or "critical" ? "error" : "warning");
                w.WriteString("kind", r.Status == CheckStatusNames.Error ? "review" : "fail");
                w.WriteStartObject("message");
                w.WriteString("text", $"{r.Title}: {r.Observed}");
                w.WriteEndObject();
                w.WriteStartArray("locations");
                w.WriteStartObject();
                w.WriteStartArray("logicalLocations");
                w.WriteStartObject();
                w.WriteString("name", r.Check);
                w.WriteString("fullyQualifiedName", $"{policy.Host}/{r.Policy}/{r.Check}");
                w.WriteString("kind", "host-check");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartObject("partialFingerprints");
                w.WriteString("vigilCheck/v1", $"{policy.Host}/{r.Policy}/{r.Check}");
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteString("status", r.Status);
                w.WriteString("policyContentHash", policy.ContentHash);
                w.WriteEndObject();
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, Dictionary<string, List<string>> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, values) in map)
        {
            w.WriteStartArray(key);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}

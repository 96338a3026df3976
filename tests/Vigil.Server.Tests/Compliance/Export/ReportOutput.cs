using System.Text;
using System.Text.Json.Nodes;
using Vigil.Server.Compliance.Export;

namespace Vigil.Server.Tests.Compliance.Export;

/// <summary>Runs the writers into memory.</summary>
public static class ReportOutput
{
    public static byte[] OscalBytes(ComplianceReportInput input)
    {
        using var stream = new MemoryStream();
        OscalAssessmentResultsWriter.Write(ComplianceReport.Build(input), stream);
        return stream.ToArray();
    }

    public static JsonObject Oscal(ComplianceReportInput input) =>
        JsonNode.Parse(OscalBytes(input))!["assessment-results"]!.AsObject();

    public static string Csv(ComplianceReportInput input)
    {
        var text = new StringWriter(new StringBuilder());
        ComplianceCsvWriter.Write(ComplianceReport.Build(input), text);
        return text.ToString();
    }

    public static string Html(ComplianceReportInput input)
    {
        var text = new StringWriter(new StringBuilder());
        ComplianceHtmlReportWriter.Write(ComplianceReport.Build(input), text);
        return text.ToString();
    }

    /// <summary>An RFC 4180 reader, independent of the writer: records of fields, quoted fields unquoted.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else { field.Append(c); }
        }
        Assert.False(quoted, "unterminated quoted field");
        Assert.True(field.Length == 0 && record.Count == 0, "the last record must end with CRLF");
        return records;
    }
}

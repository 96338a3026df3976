namespace Vigil.Server.Compliance.Export;

/// <summary>
/// Writes a report as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break quoted,
/// quotes doubled): one row per control × check × host with the latest result in range. A cell that a spreadsheet would
/// read as a formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe, so an observed
/// value from a host can never run as one.
/// </summary>
public static class ComplianceCsvWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "framework", "control", "policy", "policy_version", "check", "title", "severity", "host_id", "hostname",
        "status", "effective", "observed", "time", "exception_id", "exception_kind", "exception_owner", "exception_reason",
        "exception_expires", "exception_expired", "evidence_hash",
    ];

    public static void Write(ComplianceReport report, TextWriter writer)
    {
        WriteRow(writer, Columns);
        foreach (var control in report.Controls)
        {
            foreach (var check in control.Checks)
            {
                foreach (var result in check.Hosts)
                {
                    var row = result.Row;
                    var e = result.Exception;
                    WriteRow(writer,
                    [
                        report.Framework.Id, control.Control, row.Policy, row.PolicyVersion, row.Check, row.Title, row.Severity, row.HostId, row.Hostname,
                        row.Status, result.Effective, row.Observed, ReportTime.Format(row.Time), e?.Id ?? row.ExceptionId ?? "", e?.Kind ?? "",
                        e?.Owner ?? "", e?.Reason ?? "", e is null ? "" : ReportTime.Format(e.Expires), e is null ? "" : result.ExceptionExpired ? "true" : "false",
                        row.EvidenceHash,
                    ]);
                }
            }
        }
        writer.Flush();
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            writer.Write(Cell(cells[i]));
        }
        writer.Write("\r\n");
    }

    /// <summary>One field, defused against formula injection and quoted when RFC 4180 needs it.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

using Vigil.Server.Compliance.Export;

namespace Vigil.Server.Tests.Compliance.Export;

public sealed class ComplianceCsvWriterTests
{
    [Fact]
    public void One_row_per_control_check_and_host_with_the_header_first()
    {
        var records = ReportOutput.ParseCsv(ReportOutput.Csv(ReportSamples.Input()));
        Assert.Equal(ComplianceCsvWriter.Columns, records[0]);
        Assert.All(records, r => Assert.Equal(ComplianceCsvWriter.Columns.Count, r.Count));
        // passwd → AC-3, CM-6; ssh → AC-6(2), AC-17; shadow → AC-3; forward → CM-7; banner → AC-8: 7 control × check pairs on 3 hosts.
        Assert.Equal(1 + 7 * 3, records.Count);
        var keys = records.Skip(1).Select(r => (r[1], r[4], r[7])).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Quotes_commas_and_line_breaks_survive_and_formulas_are_defused()
    {
        var text = ReportOutput.Csv(ReportSamples.Input());
        var records = ReportOutput.ParseCsv(text);
        var observed = ComplianceCsvWriter.Columns.ToList().IndexOf("observed");
        var forward = records.First(r => r[4] == "sysctl.ip-forward" && r[8] == "db-1");
        Assert.Equal("'-1,\"forward\"\nnet.ipv4.ip_forward = 1", forward[observed]);
        var shadow = records.First(r => r[4] == "files.shadow.mode" && r[8] == "web-2");
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"click\")", shadow[observed]);
        var banner = records.First(r => r[4] == "banner.motd" && r[8] == "web-1");
        Assert.Equal(ReportSamples.Nasty, banner[observed]);
        Assert.All(records.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), cell));

        Assert.Equal("'@SUM(1)", ComplianceCsvWriter.Cell("@SUM(1)"));
        Assert.Equal("'+1", ComplianceCsvWriter.Cell("+1"));
        Assert.Equal("\"a,b\"", ComplianceCsvWriter.Cell("a,b"));
        Assert.Equal("plain", ComplianceCsvWriter.Cell("plain"));
    }

    [Fact]
    public void Exception_columns_say_who_why_until_when_and_whether_it_had_expired()
    {
        var records = ReportOutput.ParseCsv(ReportOutput.Csv(ReportSamples.Input()));
        var col = ComplianceCsvWriter.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var ssh = records.First(r => r[col["check"]] == "ssh.root-login" && r[col["hostname"]] == "db-1");
        Assert.Equal(("fail", "excepted", "dba-team", "2026-12-31T00:00:00Z", "false"),
            (ssh[col["status"]], ssh[col["effective"]], ssh[col["exception_owner"]], ssh[col["exception_expires"]], ssh[col["exception_expired"]]));
        var forward = records.First(r => r[col["check"]] == "sysctl.ip-forward" && r[col["hostname"]] == "db-1");
        Assert.Equal(("fail", "exc_expired", "true"), (forward[col["effective"]], forward[col["exception_id"]], forward[col["exception_expired"]]));
        Assert.Equal(64, ssh[col["evidence_hash"]].Length);
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes() =>
        Assert.Equal(ReportOutput.Csv(ReportSamples.Input()), ReportOutput.Csv(ReportSamples.Input()));
}

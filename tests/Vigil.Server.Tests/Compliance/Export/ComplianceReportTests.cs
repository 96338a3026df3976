using Vigil.Server.Compliance.Export;

namespace Vigil.Server.Tests.Compliance.Export;

public sealed class ComplianceReportTests
{
    [Fact]
    public void Only_rows_inside_the_range_count_the_start_included_the_end_excluded()
    {
        var report = ComplianceReport.Build(ReportSamples.Input());
        Assert.All(report.Evidence, r => Assert.InRange(r.Time, ReportSamples.From, ReportSamples.To.AddTicks(-1)));
        var passwd = report.Latest.Where(r => r.Row.Check == "files.passwd.mode").ToList();
        Assert.Equal(3, passwd.Count);
        Assert.All(passwd, r => Assert.Equal("pass", r.Effective)); // the failures just outside the range are not in it
    }

    [Fact]
    public void An_exception_that_had_expired_is_not_applied_even_if_the_row_says_excepted()
    {
        var report = ComplianceReport.Build(ReportSamples.Input());
        var forward = report.Latest.Single(r => r.Row.Check == "sysctl.ip-forward" && r.Row.Hostname == "db-1");
        Assert.Equal("excepted", forward.Row.Effective);
        Assert.Equal("fail", forward.Effective);
        Assert.True(forward.ExceptionExpired);
        var ssh = report.Latest.Single(r => r.Row.Check == "ssh.root-login" && r.Row.Hostname == "db-1");
        Assert.Equal("excepted", ssh.Effective);
        Assert.False(ssh.ExceptionExpired);
    }

    [Fact]
    public void Excepted_and_false_positive_results_are_counted_apart_from_the_score()
    {
        var counts = ComplianceReport.Build(ReportSamples.Input()).Counts;
        // 3 hosts × 5 NIST-mapped checks, latest each: web-1 4 pass 1 error; web-2 2 pass 1 fail 1 false positive 1 n/a;
        // db-1 2 pass, ssh excepted, ip forwarding failing (its exception had expired), 1 n/a.
        Assert.Equal(15, counts.Total);
        Assert.Equal((8, 2, 1, 2, 1, 1), (counts.Pass, counts.Fail, counts.Error, counts.NotApplicable, counts.Excepted, counts.FalsePositive));
        Assert.Equal(8.0 / 11, counts.Score);
    }

    [Fact]
    public void Controls_that_fail_come_first_then_in_the_order_people_number_them()
    {
        var report = ComplianceReport.Build(ReportSamples.Input());
        Assert.Equal(["AC-6(2)", "AC-8", "AC-17", "CM-7", "AC-3", "CM-6"], report.Controls.Select(c => c.Control));
        Assert.True(ControlIdComparer.Instance.Compare("AC-2", "AC-12") < 0);
        Assert.True(ControlIdComparer.Instance.Compare("5.2.9", "5.2.10") < 0);
    }

    [Fact]
    public void The_framework_picks_its_mappings_and_SOC_2_reads_the_tsc_key()
    {
        var soc2 = ComplianceReport.Build(ReportSamples.Input(ComplianceFramework.Soc2));
        Assert.Equal(["CC6.1", "CC7.2"], soc2.Controls.Select(c => c.Control).Order());
        var cis = ComplianceReport.Build(ReportSamples.Input(ComplianceFramework.Cis));
        Assert.Equal(["3.1.1", "5.2.10"], cis.Controls.Select(c => c.Control).Order());
        Assert.Empty(ComplianceReport.Build(ReportSamples.Input(ComplianceFramework.Hipaa)).Evidence);
    }

    [Fact]
    public void Exceptions_about_the_reports_checks_are_listed_in_every_state_and_others_left_out()
    {
        var report = ComplianceReport.Build(ReportSamples.Input());
        Assert.Equal(["exc_fp", "exc_accepted", "exc_expired"], report.Exceptions.Select(e => e.Id));
    }
}

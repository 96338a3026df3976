using System.Text.RegularExpressions;

namespace Vigil.Server.Tests.Compliance.Export;

public sealed class ComplianceHtmlReportWriterTests
{
    private static readonly string Html = ReportOutput.Html(ReportSamples.Input());

    [Fact]
    public void Nothing_from_a_host_is_markup()
    {
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_stands_alone_with_no_external_assets()
    {
        Assert.StartsWith("<!doctype html>", Html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("""(src|href)\s*=|<link|@import|url\(""", RegexOptions.IgnoreCase), Html);
        Assert.Contains("<style>", Html, StringComparison.Ordinal);
        Assert.Contains("@media print", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_comes_first_with_the_score_and_counts()
    {
        Assert.True(Html.IndexOf("id=\"summary\"", StringComparison.Ordinal) < Html.IndexOf("id=\"controls\"", StringComparison.Ordinal));
        Assert.True(Html.IndexOf("id=\"controls\"", StringComparison.Ordinal) < Html.IndexOf("id=\"exceptions\"", StringComparison.Ordinal));
        Assert.Contains("<span id=\"score\">72.7 %</span>", Html, StringComparison.Ordinal);
        Assert.Contains("<td data-count=\"fail\">2</td>", Html, StringComparison.Ordinal);
        Assert.Contains("<td data-count=\"excepted\">1</td>", Html, StringComparison.Ordinal);
        Assert.Contains("<td data-count=\"false_positive\">1</td>", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Failing_controls_come_before_passing_ones()
    {
        var order = Regex.Matches(Html, "data-control=\"([^\"]+)\" data-status=\"([a-z]+)\"").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal([("AC-6(2)", "fail"), ("AC-8", "fail"), ("AC-17", "fail"), ("CM-7", "fail"), ("AC-3", "pass"), ("CM-6", "pass")], order);
    }

    [Fact]
    public void Exceptions_have_their_own_section_with_owner_reason_expiry_and_state()
    {
        var section = Html[Html.IndexOf("id=\"exceptions\"", StringComparison.Ordinal)..];
        Assert.Contains("<tr data-exception=\"exc_expired\" data-state=\"expired\">", section, StringComparison.Ordinal);
        Assert.Contains("net-team", section, StringComparison.Ordinal);
        Assert.Contains("Router duties during the move", section, StringComparison.Ordinal);
        Assert.Contains("2026-11-01T06:00:00Z", section, StringComparison.Ordinal);
        Assert.DoesNotContain("exc_other", section, StringComparison.Ordinal);
        Assert.Contains("<strong>expired</strong>, not applied", Html, StringComparison.Ordinal);
    }
}

using Vigil.Agent.Bundles;

namespace Vigil.Agent.Tests.Bundles;

public sealed class LogWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-02T10:48:22.123456+00:00 web-1 sshd[1]: ok", "2026-12-02T10:48:22.123456+00:00")]
    [InlineData("2026-12-02T11:48:22+01:00 web-1 kernel: x", "2026-12-02T10:48:22+00:00")]
    [InlineData("2026-12-02 10:48:22 status installed a:amd64 1", "2026-12-02T10:48:22+00:00")]
    [InlineData("Dec  2 10:48:22 web-1 cron[5]: run", "2026-12-02T10:48:22+00:00")]
    [InlineData("Dec 12 01:02:03 web-1 x", "2025-12-12T01:02:03+00:00")]
    public void Timestamps_of_the_usual_log_formats_are_read(string line, string expected)
    {
        Assert.True(LogWindow.TryParse(line, Now, TimeZoneInfo.Utc, out var stamp));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), stamp);
    }

    [Fact]
    public void Lines_before_the_cutoff_go_with_their_continuations_and_undated_text_is_kept_whole()
    {
        var text = "Dec  1 09:00:00 h old\n  more old\nDec  2 11:00:00 h new\n  more new\n";
        Assert.Equal("Dec  2 11:00:00 h new\n  more new\n", LogWindow.Since(text, Now.AddHours(-2), Now, TimeZoneInfo.Utc, out var found));
        Assert.True(found);
        Assert.Equal("no dates here\n", LogWindow.Since("no dates here\n", Now, Now, TimeZoneInfo.Utc, out found));
        Assert.False(found);
        Assert.Equal("", LogWindow.Since("Dec  1 09:00:00 h old\n", Now.AddHours(-2), Now, TimeZoneInfo.Utc, out found));
    }
}

using Vigil.Server.Api;

namespace Vigil.Server.Tests.Api;

public sealed class QueryValuesTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1.5h", 5400)]
    [InlineData("7d", 604800)]
    [InlineData("1w", 604800)]
    public void DurationsParse(string text, double seconds)
    {
        Assert.True(QueryValues.TryParseDuration(text, out var d));
        Assert.Equal(seconds, d.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-5m")]
    [InlineData("5y")]
    [InlineData("1e300d")]
    public void BadDurationsDoNot(string text) => Assert.False(QueryValues.TryParseDuration(text, out _));

    [Fact]
    public void TimesAreRfc3339OrUnixMilliseconds()
    {
        Assert.True(QueryValues.TryParseTime("2026-11-25T10:00:00Z", out var a));
        Assert.True(QueryValues.TryParseTime("1795600800000", out var b));
        Assert.Equal(a, b);
        Assert.False(QueryValues.TryParseTime("yesterday", out _));
    }

    [Fact]
    public void PairsParseAndAMalformedOneFailsTheWhole()
    {
        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "a=b" }, QueryValues.ParsePairs(["env=prod,team=a=b"]));
        Assert.Null(QueryValues.ParsePairs(["env"]));
    }
}

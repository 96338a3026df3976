using Vigil.Server.Actions;
using Vigil.Server.Storage;

namespace Vigil.Server.Tests.Actions;

/// <summary>Label selectors pick hosts by every pair they name; a bad selector is a clear 400.</summary>
public sealed class TargetSelectorTests
{
    private static Agent Host(string name, params (string, string)[] labels) => new()
    {
        Id = "agt_" + name,
        Hostname = name,
        Labels = labels.ToDictionary(l => l.Item1, l => l.Item2),
        EnrolledAt = DateTimeOffset.UnixEpoch,
        CertificateSerial = "00",
        CertificateNotAfter = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Every_pair_must_match_and_a_value_list_matches_any()
    {
        var db = Host("db1", ("role", "db"), ("os", "debian"));
        var cache = Host("cache1", ("role", "cache"), ("os", "debian"));
        var web = Host("web1", ("role", "web"), ("os", "ubuntu"));
        Assert.Equal(["db1"], new[] { db, cache, web }.Where(TargetSelector.Parse("os=debian,role=db").Matches).Select(h => h.Hostname));
        Assert.Equal(["db1", "cache1"], new[] { db, cache, web }.Where(TargetSelector.Parse("role=db|cache").Matches).Select(h => h.Hostname));
        Assert.True(TargetSelector.Parse("hostname=web1").Matches(web));
    }

    [Theory]
    [InlineData("role")]
    [InlineData("=db")]
    [InlineData(",")]
    public void A_malformed_selector_is_refused(string text)
    {
        var e = Assert.Throws<ActionProblemException>(() => TargetSelector.Parse(text));
        Assert.Equal(400, e.Status);
    }
}

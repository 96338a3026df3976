using Vigil.Configuration;
using Vigil.Server.Configuration;

namespace Vigil.Server.Tests.Configuration;

public sealed class ServerConfigLoaderTests
{
    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException("not inside the repository");
    }

    [Fact]
    public void TheReferenceConfigurationIsValidAndHoldsTheDefaults()
    {
        var options = ServerConfigLoader.Load(RepositoryFile("deploy/server.yaml"));
        var defaults = new ServerOptions();
        Assert.Equal(defaults.Retention, options.Retention);
        Assert.Equal(defaults.Ingest, options.Ingest);
        Assert.Equal(defaults.AgentCertificateLifetime, options.AgentCertificateLifetime);
        Assert.Equal(defaults.DataDirectory, options.DataDirectory);
        Assert.Equal("127.0.0.1:8443", Assert.Single(options.Listen).ToString());
        Assert.True(options.DurableCommits);
        Assert.Equal(defaults.Bundles, options.Bundles);
    }

    [Fact]
    public void BundleRetentionBindsBothRulesAndZeroTurnsOneOff()
    {
        var options = ServerConfigLoader.Parse("server.yaml", "bundles:\n  keep_per_host: 5\n  keep_days: 0");
        Assert.Equal(5, options.Bundles.Retention.KeepLastPerHost);
        Assert.Null(options.Bundles.Retention.KeepWithin);
    }

    [Theory]
    [InlineData("listen: [nonsense]", "listen", "not ADDR:PORT")]
    [InlineData("retention:\n  raw: forever", "retention.raw", "")]
    [InlineData("store:\n  synchronous: sometimes", "store.synchronous", "not one of: full, normal")]
    [InlineData("retension:\n  raw: 1h", "retension", "")]
    [InlineData("bundles:\n  keep_per_host: -1", "bundles.keep_per_host", "")]
    [InlineData("bundles:\n  keep_forever: true", "bundles.keep_forever", "")]
    public void MistakesNameTheFileLineAndKey(string yaml, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ServerConfigLoader.Parse("server.yaml", yaml));
        Assert.StartsWith("server.yaml:", e.Message, StringComparison.Ordinal);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}

using Vigil.Agent.Collectors.Certificates;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Collectors;

public sealed class CertificatesOptionsTests
{
    private static CertificatesOptions Bind(string yaml) => AgentConfigLoader.Parse("agent.yaml", yaml).Collectors.Certificates;

    [Fact]
    public void Nothing_is_watched_by_default()
    {
        var options = Bind("");
        Assert.Empty(options.Paths);
        Assert.Empty(options.Endpoints);
        Assert.False(options.Recursive);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
    }

    [Fact]
    public void Endpoints_are_host_port_strings()
    {
        var options = Bind("""
            collectors:
              certificates:
                paths: [/etc/letsencrypt/live, /etc/nginx/ssl]
                recursive: true
                endpoints: ["localhost:443", "[::1]:8443", "10.1.2.3:636"]
                timeout: 2s
            """);
        Assert.Equal(["/etc/letsencrypt/live", "/etc/nginx/ssl"], options.Paths);
        Assert.True(options.Recursive);
        Assert.Equal([new("localhost", 443), new("::1", 8443), new("10.1.2.3", 636)], options.Endpoints);
        Assert.Equal("[::1]:8443", options.Endpoints[1].Address);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Timeout);
    }

    [Fact]
    public void Endpoints_may_be_mappings_with_a_server_name_override()
    {
        var options = Bind("""
            collectors:
              certificates:
                endpoints:
                  - address: "127.0.0.1:8443"
                    server_name: example.internal
                  - address: "db.internal:5432"
            """);
        Assert.Equal([new("127.0.0.1", 8443, "example.internal"), new("db.internal", 5432)], options.Endpoints);
        Assert.Equal("example.internal", options.Endpoints[0].TargetHost);
    }

    [Theory]
    [InlineData("endpoints: [\"a:1\", {address: \"b:2\"}]", "mixes both")]
    [InlineData("endpoints: [\"no-port\"]", "endpoints[0]: 'no-port' is not host:port")]
    [InlineData("endpoints: [\"::1:443\"]", "is not host:port")]
    [InlineData("endpoints: [{server_name: x}]", "address: required")]
    [InlineData("endpoints: [{address: \"a:1\", sni: x}]", "unknown key")]
    [InlineData("paths: [etc/ssl]", "'etc/ssl' is not an absolute path")]
    public void Bad_settings_name_the_key(string line, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Bind($"collectors:\n  certificates:\n    {line}\n"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("collectors.certificates.", e.Message, StringComparison.Ordinal);
    }
}

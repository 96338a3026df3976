using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Channel;

public sealed class ProxyTests
{
    private static EnvironmentProxy? From(params (string Name, string Value)[] variables) =>
        EnvironmentProxy.From(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public async Task Shipping_goes_through_a_proxy_that_wants_basic_credentials_from_HTTPS_PROXY()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        await using var proxy = new TestConnectProxy("agent", "s3cr:t@x");
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper(proxy: From(("HTTPS_PROXY", $"http://agent:s3cr%3At%40x@127.0.0.1:{proxy.Port}")));

        Assert.Equal(2, await shipper.ShipAsync(Enrolled.Batches(1, 2), CancellationToken.None));

        Assert.Equal([1L, 2], server.Batches.Select(b => b.Sequence));
        Assert.Equal(1, proxy.Tunnels); // one kept-alive tunnel for both batches
    }

    [Fact]
    public async Task Without_proxy_credentials_shipping_fails_saying_the_proxy_wants_them()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        await using var proxy = new TestConnectProxy("agent", "secret");
        using var agent = await Enrolled.WithAsync(server);
        using var shipper = agent.Shipper(proxy: From(("https_proxy", $"127.0.0.1:{proxy.Port}")));

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () => await shipper.ShipAsync(Enrolled.Batches(1), CancellationToken.None));

        Assert.Contains($"the proxy http://127.0.0.1:{proxy.Port}/ refused to connect to 127.0.0.1:{server.Url.Port} (407 ProxyAuthenticationRequired)", e.Message);
        Assert.Contains("set HTTPS_PROXY to http://user:password@host:port", e.Message);
        Assert.True(proxy.Refusals > 0);
        Assert.Empty(server.Batches);
    }

    [Fact]
    public async Task Enrollment_goes_through_the_proxy_too()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        await using var proxy = new TestConnectProxy("agent", "secret");
        var environment = From(("HTTPS_PROXY", $"http://agent:secret@127.0.0.1:{proxy.Port}"));

        using var identity = await EnrollmentClient.EnrollAsync(Enrolled.Request(server, ServerTrust.Pinned(Enrolled.Pin(ca)), environment), TimeProvider.System, CancellationToken.None);

        Assert.Equal("agent-0001", identity.Enrollment.AgentId);
        Assert.Equal(2, proxy.Tunnels); // the published CA bundle, then the enrollment
    }

    [Fact]
    public void The_proxy_url_gives_the_address_and_basic_credentials()
    {
        var proxy = From(("HTTPS_PROXY", "http://svc%40corp:p%40ss@proxy.corp:3128"))!;
        Assert.Equal(new Uri("http://proxy.corp:3128/"), proxy.Address);
        var credential = proxy.Credentials!.GetCredential(proxy.Address, "Basic")!;
        Assert.Equal("svc@corp", credential.UserName);
        Assert.Equal("p@ss", credential.Password);
        Assert.Equal(new Uri("http://proxy.corp:3128/"), proxy.GetProxy(new Uri("https://vigil.example.com:8443/")));
    }

    [Fact]
    public void No_proxy_and_a_malformed_proxy_are_told_apart()
    {
        Assert.Null(From());
        Assert.Null(From(("HTTPS_PROXY", "  ")));
        var e = Assert.Throws<FormatException>(() => From(("HTTPS_PROXY", "ftp://user:hunter2@proxy:21")));
        Assert.Contains("is not a proxy URL", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Theory]
    [InlineData("vigil.internal", "https://vigil.internal/", true)]
    [InlineData(".corp.example", "https://vigil.corp.example/", true)]
    [InlineData("corp.example", "https://vigil.corp.example:8443/", true)]
    [InlineData("corp.example", "https://notcorp.example/", false)]
    [InlineData("vigil.internal:8443", "https://vigil.internal:8443/", true)]
    [InlineData("vigil.internal:8443", "https://vigil.internal:443/", false)]
    [InlineData("10.1.2.3, 127.0.0.1", "https://127.0.0.1:9000/", true)]
    [InlineData("[::1]", "https://[::1]:9000/", true)]
    [InlineData("*", "https://anything.example/", true)]
    [InlineData("", "https://vigil.internal/", false)]
    public void NO_PROXY_names_hosts_domains_addresses_and_ports_that_go_direct(string noProxy, string url, bool bypassed)
    {
        var proxy = From(("HTTPS_PROXY", "http://proxy.corp:3128"), ("NO_PROXY", noProxy))!;
        Assert.Equal(bypassed, proxy.IsBypassed(new Uri(url)));
        Assert.Equal(bypassed ? null : proxy.Address, proxy.GetProxy(new Uri(url)));
    }

    [Fact]
    public void A_server_url_must_be_https()
    {
        Assert.False(ServerUrl.TryParse("http://vigil.example.com", out _, out var problem));
        Assert.Contains("not an https:// URL", problem);
        Assert.True(ServerUrl.TryParse("https://vigil.example.com:8443/base", out var url, out _));
        Assert.Equal(new Uri("https://vigil.example.com:8443/base/v1/agent/batches"), ServerUrl.Resolve(url, "/v1/agent/batches"));
    }
}

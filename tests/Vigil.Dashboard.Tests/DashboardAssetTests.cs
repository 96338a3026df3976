using System.Net;
using System.Net.Http.Headers;

namespace Vigil.Dashboard.Tests;

/// <summary>How the dashboard's files are served: types, validators, and a policy that allows no inline or foreign code.</summary>
public sealed class DashboardAssetTests(DashboardServer server) : IClassFixture<DashboardServer>, IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    });

    [Fact]
    public async Task IndexIsServedWithAStrictContentSecurityPolicy()
    {
        using var response = await _http.GetAsync(server.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("http", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/ui/app.js\"></script>", html);
        Assert.DoesNotMatch("<script>[^<]", html);
    }

    [Theory]
    [InlineData("/ui/app.js", "text/javascript")]
    [InlineData("/ui/pages/host.js", "text/javascript")]
    [InlineData("/ui/style.css", "text/css")]
    [InlineData("/ui/favicon.svg", "image/svg+xml")]
    [InlineData("/ui/vendor/uPlot.iife.min.js", "text/javascript")]
    [InlineData("/ui/vendor/uPlot.min.css", "text/css")]
    public async Task AssetsAreEmbeddedWithTheirContentType(string path, string mediaType)
    {
        using var response = await _http.GetAsync(server.BaseUrl + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task UnchangedAssetRevalidatesWithoutABody()
    {
        using var first = await _http.GetAsync(server.BaseUrl + "/ui/app.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/ui/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/ui/missing.js")]
    [InlineData("/ui/../Vigil.Server.dll")]
    [InlineData("/ui/vendor")]
    public async Task UnknownPathsAreNotFound(string path)
    {
        using var response = await _http.GetAsync(server.BaseUrl + path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ApiWithoutATokenIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/api/v1/hosts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "vgl_wrong");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}

using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>The operator's side of a real server: what `vigil dev` prints, tokens and roles, /healthz, /metrics.</summary>
public sealed class ServerAccessTests : IDisposable
{
    private readonly TempDirectory _data = new("vigil-server");
    private readonly ServerUnderTest _server;

    public ServerAccessTests()
    {
        _server = ServerUnderTest.Start(_data.Path);
    }

    [Fact]
    public void DevPrintsExportsTheCliCanPaste()
    {
        Assert.Contains($"export VIGIL_ADDR=https://127.0.0.1:{_server.Port}", _server.Process.Output, StringComparison.Ordinal);
        Assert.Contains("export VIGIL_TOKEN=vgl_a_", _server.Process.Output, StringComparison.Ordinal);
        Assert.Contains($"export VIGIL_CACERT={_server.CaBundlePath}", _server.Process.Output, StringComparison.Ordinal);
        Assert.Contains("#token=vgl_a_", _server.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthzAnswersWithoutAToken()
    {
        using var http = _server.Http();
        var health = JsonNode.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)))!;
        Assert.Equal("ok", health["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiRefusesMissingAndWrongTokensWithAReason()
    {
        using var anonymous = _server.Http();
        using var none = await anonymous.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("API token is required", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var forged = _server.Http(token: "vgl_a_000000000000_not-the-secret");
        using var wrong = await forged.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("unknown API token", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRoleGetsWhatItMayAndNoMore()
    {
        var viewer = _server.CliJson("api-token", "create", "--name", "auditor", "--role", "viewer")["token"]!.GetValue<string>();
        using var asViewer = _server.Http(token: viewer);
        using var read = await asViewer.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var create = await asViewer.PostAsync(new Uri("/api/v1/enrollment-tokens", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains("higher role than viewer", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (code, output) = _server.Cli(viewer, "token", "create");
        Assert.Equal(1, code);
        Assert.Contains("higher role than viewer", output, StringComparison.Ordinal);

        var me = _server.CliJson("api-token", "list")["tokens"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "auditor")!;
        Assert.Equal(0, _server.Cli(null, "api-token", "revoke", me["id"]!.GetValue<string>()).ExitCode);
        using var revoked = await asViewer.GetAsync(new Uri("/api/v1/hosts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsEndpointPassesPromtool()
    {
        using var http = _server.Http();
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("vigil_ingest_batches_total{outcome=\"stored\"}", text, StringComparison.Ordinal);
        var file = _data.Write("metrics.txt", text);
        var info = new ProcessStartInfo("promtool") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { "check", "metrics" } };
        using var promtool = Process.Start(info)!;
        await promtool.StandardInput.WriteAsync(await File.ReadAllTextAsync(file));
        promtool.StandardInput.Close();
        var problems = await promtool.StandardError.ReadToEndAsync() + await promtool.StandardOutput.ReadToEndAsync();
        Assert.True(promtool.WaitForExit(30_000));
        Assert.True(promtool.ExitCode == 0, "promtool check metrics: " + problems);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheApi()
    {
        using var http = _server.Http();
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        Assert.Equal("Vigil API", document["info"]!["title"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/v1/hosts/{host}/metrics/{metric}"]);
        // Anomalies: fleet-wide and per host, with their filters as query parameters.
        var anomalies = document["paths"]!["/api/v1/anomalies"]!["get"]!;
        Assert.Equal("Anomalies", anomalies["tags"]![0]!.GetValue<string>());
        Assert.Equal(["host", "state", "metric", "since", "until", "limit"], anomalies["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(["host", "state", "metric", "since", "until", "limit"],
            document["paths"]!["/api/v1/hosts/{host}/anomalies"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));

        var reference = await http.GetStringAsync(new Uri("/api/reference", UriKind.Relative));
        Assert.Contains("<code>/api/v1/hosts/{host}/metrics/{metric}</code>", reference, StringComparison.Ordinal);
        Assert.Contains("<code>/api/v1/enrollment-tokens</code></td><td class=r>admin", reference, StringComparison.Ordinal);
        Assert.Contains("<h2>Anomalies</h2>", reference, StringComparison.Ordinal);
        Assert.Contains("<code>/api/v1/anomalies</code></td><td class=r>viewer</td><td>Anomalies across the fleet, open first", reference, StringComparison.Ordinal);
        Assert.Contains("<code>/api/v1/hosts/{host}/anomalies</code></td><td class=r>viewer", reference, StringComparison.Ordinal);
    }

    /// <summary>
    /// docs/openapi.json is the API's contract as served (minus the server's own address), so a change to any call,
    /// parameter or summary shows in review. Regenerate with:
    /// VIGIL_UPDATE_GOLDEN=1 dotnet test tests/Vigil.Tests --filter OpenApiDocumentMatchesTheCheckedInContract
    /// </summary>
    [Fact]
    public async Task OpenApiDocumentMatchesTheCheckedInContract()
    {
        using var http = _server.Http();
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!.AsObject();
        document.Remove("servers");
        var served = document.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people to read, not a page
        }) + "\n";
        var path = Vigil.Agent.Tests.RepositoryFiles.PathOf("docs/openapi.json");
        if (Environment.GetEnvironmentVariable("VIGIL_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }
        Assert.True(File.Exists(path) && await File.ReadAllTextAsync(path) == served,
            "docs/openapi.json differs from what the server serves; if the API change is meant, regenerate it with VIGIL_UPDATE_GOLDEN=1 (see this test's summary)");
    }

    public void Dispose()
    {
        _server.Dispose();
        _data.Dispose();
    }
}

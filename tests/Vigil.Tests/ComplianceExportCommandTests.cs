using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>
/// <c>vigil compliance export</c> run as the real executable against an HTTPS server that answers the compliance API
/// contract: it follows every cursor, passes the range and filters, and writes the file whole (or not at all).
/// </summary>
public sealed class ComplianceExportCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new("vigil-compliance-export");
    private readonly List<string> _requests = [];
    private WebApplication? _app;
    private string _address = "";
    private string _ca = "";

    private const int Rows = 2500;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        _ca = _dir.Write("ca.pem", certificate.ExportCertificatePem());

        var port = FreePort.Next();
        _address = $"https://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            lock (_requests)
            {
                _requests.Add(context.Request.Path + context.Request.QueryString);
            }
            if (context.Request.Headers.Authorization != "Bearer tok")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "unauthorized", ["message"] = "missing or invalid API token" });
                return;
            }
            await next(context);
        });
        _app.MapGet("/api/v1/compliance/results", (long? after, int? limit) =>
        {
            var start = (after ?? 0) + 1;
            var count = (int)Math.Min(limit ?? 100, Rows - start + 1);
            var page = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)Row(start + i)).ToArray());
            var last = start + count - 1;
            return Results.Content(new JsonObject { ["results"] = page, ["next"] = last < Rows ? last.ToString(CultureInfo.InvariantCulture) : null }.ToJsonString(), "application/json");
        });
        _app.MapGet("/api/v1/compliance/exceptions", () => Results.Content("""
            {"exceptions": [{"id": "exc_1", "policy": null, "check": "check.3", "select": "*", "kind": "exception", "owner": "sec-team",
              "reason": "Accepted until the rebuild", "created": "2026-10-01T00:00:00Z", "created_by": "alice", "expires": "2027-01-01T00:00:00Z",
              "state": "active", "matching_hosts": 3}]}
            """, "application/json"));
        await _app.StartAsync();
    }

    private static JsonObject Row(long id) => new()
    {
        ["id"] = id,
        ["host_id"] = $"agt_{id % 3}",
        ["hostname"] = $"host-{id % 3}",
        ["time"] = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(id * 30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["policy"] = "vigil-debian-baseline",
        ["policy_version"] = "1.0.0",
        ["content_hash"] = "4433aa",
        ["run"] = $"run_{id / 15}",
        ["trigger"] = "schedule",
        ["check"] = $"check.{id % 15}",
        ["title"] = $"Check {id % 15}",
        ["status"] = id % 7 == 0 ? "fail" : "pass",
        ["effective"] = id % 7 == 0 && id % 15 == 3 ? "excepted" : id % 7 == 0 ? "fail" : "pass",
        ["observed"] = id % 11 == 0 ? "=cmd|' /C calc'!A0" : "ok",
        ["severity"] = "high",
        ["compliance"] = new JsonObject { ["nist_800_53"] = new JsonArray($"AC-{id % 5 + 1}"), ["tsc"] = new JsonArray("CC6.1") },
        ["references"] = new JsonObject(),
        ["exception_id"] = id % 7 == 0 && id % 15 == 3 ? "exc_1" : null,
        ["evidence_hash"] = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(id))),
    };

    private (int ExitCode, string Output) Export(string token, params string[] args) =>
        TestProcess.Run("vigil.dll", new Dictionary<string, string> { ["VIGIL_ADDR"] = _address, ["VIGIL_TOKEN"] = token, ["VIGIL_CACERT"] = _ca },
            ["compliance", "export", .. args]);

    [Fact]
    public void Export_follows_every_cursor_and_writes_each_format_for_the_range()
    {
        var csv = _dir.File("report.csv");
        var (code, output) = Export("tok", "--framework", "nist_800_53", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "csv", "--out", csv);
        Assert.True(code == 0, output);
        Assert.Contains($"csv: {Rows} rows, 3 hosts, 5 controls", output, StringComparison.Ordinal);
        List<string> pages;
        lock (_requests)
        {
            pages = _requests.Where(r => r.StartsWith("/api/v1/compliance/results", StringComparison.Ordinal)).ToList();
        }
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Contains("from=2026-11-01T00%3A00%3A00Z&to=2026-11-02T00%3A00%3A00Z&limit=1000", p, StringComparison.Ordinal));
        Assert.EndsWith("after=2000", pages[^1], StringComparison.Ordinal);
        var lines = File.ReadAllText(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 15, lines.Length); // 15 checks, each run on one host and mapped to one control
        Assert.Contains(lines, l => l.Contains(",'=cmd|' /C calc'!A0,", StringComparison.Ordinal));

        var oscal = _dir.File("sar.json");
        (code, output) = Export("tok", "--framework", "nist_800_53", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "oscal", "--out", oscal, "--policy", "vigil-debian-baseline");
        Assert.True(code == 0, output);
        var result = JsonNode.Parse(File.ReadAllText(oscal))!["assessment-results"]!["results"]![0]!;
        Assert.Equal(Rows, result["observations"]!.AsArray().Count);
        lock (_requests)
        {
            Assert.Contains(_requests, r => r.Contains("policy=vigil-debian-baseline", StringComparison.Ordinal));
        }

        var html = _dir.File("report.html");
        (code, output) = Export("tok", "--framework", "soc2", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "html", "--out", html);
        Assert.True(code == 0, output);
        Assert.Contains("SOC 2 Trust Services Criteria", File.ReadAllText(html), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.partial"));
    }

    [Fact]
    public void A_refused_token_or_a_bad_time_is_one_clear_line_and_no_file()
    {
        var target = _dir.File("refused.csv");
        var (code, output) = Export("wrong", "--framework", "cis", "--from", "30d", "--format", "csv", "--out", target);
        Assert.Equal(1, code);
        Assert.Contains("missing or invalid API token", output, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.partial"));

        (code, output) = Export("tok", "--framework", "cis", "--from", "last tuesday", "--format", "csv", "--out", target);
        Assert.Equal(1, code);
        Assert.Contains("--from: 'last tuesday' is not a time", output, StringComparison.Ordinal);
        (code, output) = Export("tok", "--framework", "cis", "--from", "2026-11-02", "--to", "2026-11-01", "--format", "csv", "--out", target);
        Assert.Equal(1, code);
        Assert.Contains("--to (2026-11-01T00:00:00Z) must be after --from (2026-11-02T00:00:00Z)", output, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Dispose();
}

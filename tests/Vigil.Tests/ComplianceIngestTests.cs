using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Vigil.Tests;

/// <summary>
/// Compliance runs through a real server over real mutual TLS: refused when malformed (naming the field), stored as
/// sealed evidence, shown by the API and the CLI with exceptions applied, and any change to a stored result made in the
/// database underneath found by <c>vigil compliance verify</c>.
/// </summary>
public sealed class ComplianceIngestTests : IAsyncLifetime
{
    private const long Ts = 1795583185359;
    private IngestUnderTest _ingest = null!;

    public async Task InitializeAsync() => _ingest = await IngestUnderTest.StartAsync("vigil-compliance", "audited-host");

    private static string Run(string run, long ts, string tmpStatus, string tmpObserved) => $$"""
        {"type":"compliance","src":"compliance","ts":{{ts}},"run":"{{run}}","policy":"vigil-debian-baseline","policy_version":"1.0",
         "policy_title":"Vigil Debian baseline","content_hash":"{{new string('b', 64)}}","trigger":"schedule","started":{{ts - 100}},
         "results":[
          {"check":"ssh.root-login","title":"SSH root login is disabled","status":"pass","observed":"PermitRootLogin no","severity":"high",
           "compliance":{"cis":["5.2.10"]},"references":{"ssg":["sshd_disable_root_login"]},"remediation":"Set PermitRootLogin no"},
          {"check":"fs.tmp-noexec","title":"/tmp is mounted noexec","status":"{{tmpStatus}}","observed":"{{tmpObserved}}","severity":"medium",
           "compliance":{"cis":["1.1.2.4"]},"remediation":"Mount /tmp with noexec"}]}
        """;

    private Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(long seq, string records) =>
        _ingest.PostAsync($$"""{"v":4,"agent":"{{_ingest.AgentId}}","seq":{{seq}},"ts":{{Ts}},"interval_ms":10000,"records":[{{records}}]}""", schemaVersion: 4);

    [Fact]
    public async Task A_run_is_sealed_evidence_shown_with_exceptions_and_an_alteration_underneath_is_named()
    {
        var (badStatus, bad) = await PostAsync(1, Run("r0", Ts, "passed", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("records[0].results[1].status", bad["message"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(1, Run("r1", Ts, "pass", "noexec"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(2, Run("r2", Ts + 60_000, "fail", "/tmp mounted without noexec"))).Status);

        var drift = _ingest.Server.CliJson("events", "--type", "dev.vigil.compliance.drifted", "--since", "60d");
        Assert.Equal("fs.tmp-noexec", drift["events"]![0]!["data"]!["check"]!.GetValue<string>());

        var host = _ingest.Server.CliJson("compliance", "host", "audited-host");
        var tmp = host["policies"]![0]!["results"]!.AsArray().Single(r => r!["check"]!.GetValue<string>() == "fs.tmp-noexec")!;
        Assert.Equal("fail", tmp["effective"]!.GetValue<string>());
        Assert.Equal(0.5, host["score"]!.GetValue<double>());

        var created = _ingest.Server.CliJson("compliance", "exceptions", "add", "--check", "fs.tmp-noexec", "--select", "hostname=audited-host", "--owner", "platform",
            "--reason", "tmp is a tmpfs managed elsewhere", "--expires", "30d");
        Assert.Equal("active", _ingest.Server.CliJson("compliance", "exceptions", "ls")["exceptions"]![0]!["state"]!.GetValue<string>());
        var summary = _ingest.Server.CliJson("compliance", "summary");
        Assert.Equal(1, summary["fleet"]!["excepted"]!.GetValue<long>());
        Assert.Equal(1.0, summary["fleet"]!["score"]!.GetValue<double>());
        Assert.Empty(_ingest.Server.CliJson("compliance", "failing")["checks"]!.AsArray());
        Assert.Equal("audited-host", Assert.Single(_ingest.Server.CliJson("compliance", "hosts")["hosts"]!.AsArray())!["hostname"]!.GetValue<string>());
        _ingest.Server.CliJson("compliance", "exceptions", "revoke", created["id"]!.GetValue<string>());
        var failing = Assert.Single(_ingest.Server.CliJson("compliance", "failing")["checks"]!.AsArray())!;
        Assert.Equal("fs.tmp-noexec", failing["check"]!.GetValue<string>());
        Assert.Equal("/tmp mounted without noexec", failing["hosts"]![0]!["observed"]!.GetValue<string>());

        var results = _ingest.Server.CliJson("compliance", "results", "--from", "2020-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z", "--framework", "cis");
        Assert.Equal(4, results["results"]!.AsArray().Count);

        var verified = _ingest.Server.CliJson("compliance", "verify");
        Assert.True(verified["intact"]!.GetValue<bool>(), verified.ToJsonString());
        Assert.Equal(2, verified["runs"]!.GetValue<long>());

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _ingest.Server.DatabasePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE compliance_evidence SET status = 'pass', observed = 'noexec' WHERE run = 'r2' AND check_id = 'fs.tmp-noexec' RETURNING id";
            var altered = (long)command.ExecuteScalar()!;
            var (code, output) = _ingest.Server.Cli(null, "compliance", "verify", "--format", "json");
            Assert.Equal(1, code);
            var json = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!;
            Assert.Equal(altered, json["first_bad_evidence"]!.GetValue<long>());
        }
        Assert.True(_ingest.Server.CliJson("audit", "verify")["intact"]!.GetValue<bool>());
    }

    public Task DisposeAsync()
    {
        _ingest?.Dispose();
        return Task.CompletedTask;
    }
}

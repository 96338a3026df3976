using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Protocol.Bundles;
using Vigil.Testing;
using Xunit.Abstractions;

namespace Vigil.Tests;

/// <summary>
/// `vigil-agent collect --upload` as a user runs it: the real agent process, enrolled with a real server, gathers a
/// bundle on this machine and sends it over mutual TLS; `vigil bundles ls` and `vigil bundles get` show it arrived
/// whole, a second collect sends only what changed, and an agent without a server says what is missing.
/// </summary>
public sealed partial class CollectUploadTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _dir = new("vigil-collect-upload");
    private readonly ServerUnderTest _server;
    private readonly ITestOutputHelper _log;

    public CollectUploadTests(ITestOutputHelper log)
    {
        _log = log;
        _server = ServerUnderTest.Start(_dir.File("server"));
    }

    /// <summary>
    /// The bundle's files limited to ones this test owns next to what every collect gathers (collectors, inventory,
    /// network...): a log large enough that it dominates the bundle, so deduplication shows in the bytes sent.
    /// </summary>
    private static string BundleYaml(string log, string config) => $"""
        bundles:
          config_files: [{config}]
          log_files: [{log}]
        """;

    /// <summary>Log lines without timestamps (so <c>--since</c> keeps them all), distinct enough that they compress like a real log.</summary>
    private static void AppendLog(string path, int seed, int lines)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"worker {random.Next(1, 64)} served /api/orders/{random.NextInt64():x} status {random.Next(200, 504)} in {random.Next(1, 900)} ms\n");
        }
        File.AppendAllText(path, text.ToString());
    }

    /// <summary>Runs `vigil-agent collect` to its end (bounded): the exit code, everything it printed, and standard output alone.</summary>
    private static (int ExitCode, string Output, string Stdout) Collect(string config, string output, params string[] more)
    {
        using var process = TestProcess.Start("vigil-agent.dll", null, ["collect", "--config", config, "--out", output, "--since", "1h", .. more]);
        var code = process.WaitForExit(Patience);
        return (code, process.Output, process.StandardOutput);
    }

    [GeneratedRegex(@"Uploaded\s+snapshot \S+: sent ([\d,]+) of ([\d,]+) bytes \((\d+)/(\d+) chunks")]
    private static partial Regex UploadedRow();

    [Fact]
    public void Collect_upload_stores_the_bundle_whole_and_a_second_collect_sends_only_what_changed()
    {
        var log = _dir.File("app.log");
        AppendLog(log, 1, 13_000);
        var hosts = _dir.Write("hosts", "127.0.0.1 localhost\n10.0.0.7 db-1\n");
        using var agent = AgentUnderTest.Enroll(_server, _dir.File("agent"), extraYaml: BundleYaml(log, hosts));

        var first = _dir.File("first.tar.zst");
        var (code, output, stdout) = Collect(agent.ConfigPath, first, "--upload", "--format", "json");
        Assert.True(code == 0, "vigil-agent collect --upload: " + output);
        var summary = JsonNode.Parse(stdout)!;
        var id = (string)summary["id"]!;
        var upload = summary["upload"]!;
        _log.WriteLine("first upload: " + upload.ToJsonString());
        Assert.True((int)upload["chunks_total"]! == (int)upload["chunks_sent"]!, $"a new server lacks every chunk: {upload.ToJsonString()}");

        var listed = Assert.Single(_server.CliJson("bundles", "ls", agent.AgentId)["bundles"]!.AsArray())!;
        Assert.Equal(id, (string)listed["id"]!);
        Assert.Equal((string)upload["snapshot_id"]!, (string)listed["snapshot_id"]!);
        Assert.Equal((long)upload["logical_bytes"]!, (long)listed["logical_bytes"]!);
        Assert.Equal("cli", (string)listed["trigger"]!);

        // The server keeps files, not the tar: what comes back is every file byte for byte, each with the hash its manifest gives.
        var back = _dir.File("back.tar.zst");
        var got = _server.CliJson("bundles", "get", id, "--out", back);
        Assert.Equal(new FileInfo(back).Length, (long)got["bytes"]!);
        var local = TestBundles.Read(File.OpenRead(first));
        var downloaded = TestBundles.Read(File.OpenRead(back));
        Assert.Equal(local.Keys.Order(StringComparer.Ordinal), downloaded.Keys.Order(StringComparer.Ordinal));
        Assert.All(local, f => Assert.True(SHA256.HashData(f.Value).SequenceEqual(SHA256.HashData(downloaded[f.Key])), $"{f.Key} differs after the round trip"));
        var manifest = System.Text.Json.JsonSerializer.Deserialize(downloaded[BundleManifest.FileName], BundleJsonContext.Default.BundleManifest)!;
        Assert.Equal(id, manifest.Id);
        Assert.Contains(manifest.Files, f => f.Path == "logs" + log);
        Assert.All(manifest.Files, f => Assert.Equal(f.Sha256, Convert.ToHexStringLower(SHA256.HashData(downloaded[f.Path]))));

        // An hour later the log has grown a little; everything else that did not change is already on the server.
        AppendLog(log, 2, 40);
        var second = _dir.File("second.tar.zst");
        (code, output, _) = Collect(agent.ConfigPath, second, "--upload");
        Assert.True(code == 0, "second vigil-agent collect --upload: " + output);
        var row = UploadedRow().Match(output);
        _log.WriteLine("second upload: " + row.Value);
        Assert.True(row.Success, "the summary says what was uploaded: " + output);
        long Number(int group) => long.Parse(row.Groups[group].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Number(1) < Number(2) / 2, $"only new chunks travel: {row.Value}");
        Assert.True(Number(3) < Number(4), row.Value);

        var bundles = _server.CliJson("bundles", "ls", agent.AgentId)["bundles"]!.AsArray();
        Assert.Equal(2, bundles.Count);
        Assert.NotEqual(id, (string)bundles[0]!["id"]!);
        Assert.True((long)bundles[0]!["new_bytes"]! < (long)bundles[0]!["logical_bytes"]! / 2, bundles[0]!.ToJsonString());
        var secondLocal = TestBundles.Read(File.OpenRead(second));
        Assert.Equal(File.ReadAllBytes(log), secondLocal["logs" + log]);
    }

    [Fact]
    public void Collect_upload_on_an_agent_that_never_enrolled_names_the_missing_identity_and_keeps_the_bundle()
    {
        var state = _dir.File("lonely/state");
        var config = _dir.Write("lonely/agent.yaml", $"""
            state_dir: {state}
            server:
              url: {_server.Address}
            collectors:
              packages: {"{enabled: false}"}
              certificates: {"{enabled: false}"}
            {BundleYaml(_dir.Write("lonely/app.log", "started\n"), _dir.Write("lonely/hosts", "127.0.0.1 localhost\n"))}
            """);
        var bundle = _dir.File("lonely.tar.zst");
        var (code, output, stdout) = Collect(config, bundle, "--upload", "--format", "json");
        Assert.True(code == 2, output);
        Assert.Contains($"no server configured: enroll this agent first (vigil-agent enroll): no enrolled identity in {state}/identity", output, StringComparison.Ordinal);
        Assert.Contains($"server.url {_server.Address}/ is set", output, StringComparison.Ordinal);
        Assert.Contains("the bundle is kept at " + bundle, output, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(stdout)!["upload"]);
        Assert.Contains(BundleManifest.FileName, TestBundles.Read(File.OpenRead(bundle)).Keys);
        Assert.Empty(_server.CliJson("bundles", "ls")["bundles"]!.AsArray());
    }

    [Fact]
    public void Collect_upload_to_a_server_that_is_down_fails_and_keeps_the_bundle()
    {
        var log = _dir.File("down.log");
        AppendLog(log, 3, 100);
        using var agent = AgentUnderTest.Enroll(_server, _dir.File("agent"), extraYaml: BundleYaml(log, _dir.Write("hosts", "127.0.0.1 localhost\n")));
        _server.KillHard();
        var bundle = _dir.File("down.tar.zst");
        var (code, output, _) = Collect(agent.ConfigPath, bundle, "--upload");
        Assert.True(code == 1, output);
        Assert.Contains("error: upload failed: cannot upload to", output, StringComparison.Ordinal);
        Assert.Contains("(the bundle is kept at " + bundle + ")", output, StringComparison.Ordinal);
        Assert.Contains(BundleManifest.FileName, TestBundles.Read(File.OpenRead(bundle)).Keys);
        _server.Restart();
        Assert.Empty(_server.CliJson("bundles", "ls", agent.AgentId)["bundles"]!.AsArray());
    }

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }
}

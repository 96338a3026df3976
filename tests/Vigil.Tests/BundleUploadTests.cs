using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Vigil.Agent.Bundles;
using Vigil.Agent.Bundles.Upload;
using Vigil.Agent.Configuration;
using Vigil.Protocol.Bundles;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>
/// Bundles from a real enrolled agent identity to the real server over mutual TLS: deduplicated upload (only new
/// chunks travel), resume after an interruption, download, diff, refusals (no certificate, revoked, tar-slip, bad
/// blobs, oversize), and retention with the store's GC.
/// </summary>
public sealed class BundleUploadTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("vigil-bundles");
    private readonly ServerUnderTest _server;

    public BundleUploadTests()
    {
        _server = ServerUnderTest.Start(_dir.File("server"));
    }

    private (AgentUnderTest Agent, IBundleUploader Uploader) EnrolledAgent(string name)
    {
        var agent = AgentUnderTest.Enroll(_server, _dir.File(name));
        var options = AgentConfigLoader.Load(agent.ConfigPath, mustExist: true);
        return (agent, HttpsBundleUploader.ForAgent(options, TimeProvider.System) ?? throw new InvalidOperationException("enrolled agent has no identity"));
    }

    private static Dictionary<string, byte[]> Files(int seed, int logLines) => new()
    {
        ["logs/syslog"] = TestBundles.Log(1, logLines),
        ["logs/app.log"] = TestBundles.Log(2, logLines),
        ["system/df.txt"] = System.Text.Encoding.UTF8.GetBytes($"/dev/sda1 100G 91G 9G 91% / seed {seed}\n"),
        ["config/etc/hosts"] = System.Text.Encoding.UTF8.GetBytes("127.0.0.1 localhost\n"),
    };

    private JsonNode Api(string path)
    {
        using var http = _server.Http(token: _server.Token);
        using var response = http.GetAsync(new Uri(path, UriKind.Relative)).GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task A_second_bundle_sends_only_its_new_chunks_and_downloads_byte_for_byte()
    {
        var (agent, uploader) = EnrolledAgent("agent");
        using var _ = uploader as IDisposable;
        var files1 = Files(1, 40_000);
        var first = await uploader.UploadAsync(TestBundles.Write(_dir.File("b1.tar.zst"), "b1", Day, files1), null, CancellationToken.None);
        Assert.Equal("b1", first.BundleId);
        Assert.True(first.SentBytes > first.LogicalBytes / 2, $"first upload sends nearly everything: {first}");

        var files2 = Files(2, 40_000);
        files2["logs/syslog"] = [.. files2["logs/syslog"], .. TestBundles.Log(3, 200)];
        files2["system/new.txt"] = "a file only the second bundle has\n"u8.ToArray();
        files2.Remove("config/etc/hosts");
        var second = await uploader.UploadAsync(TestBundles.Write(_dir.File("b2.tar.zst"), "b2", Day.AddHours(1), files2), null, CancellationToken.None);
        Assert.True(second.SentBytes < second.LogicalBytes / 10, $"only new chunks travel: {second}");
        Assert.True(second.ChunksSent < second.ChunksTotal / 5, $"{second}");

        // A retried upload of the same bundle sends nothing and gets the snapshot stored first.
        var again = await uploader.UploadAsync(_dir.File("b2.tar.zst"), null, CancellationToken.None);
        Assert.Equal(second.SnapshotId, again.SnapshotId);
        Assert.Equal(0, again.ChunksSent);

        var listed = Api($"/api/v1/hosts/{agent.AgentId}/bundles")["bundles"]!.AsArray();
        Assert.Equal(["b2", "b1"], listed.Select(b => (string)b!["id"]!));
        Assert.Equal("disk / is 91% full", (string)listed[0]!["problems"]![0]!["summary"]!);
        Assert.True((long)listed[0]!["new_bytes"]! < (long)listed[0]!["logical_bytes"]! / 10, listed[0]!.ToJsonString());

        var shown = Api("/api/v1/bundles/b2");
        Assert.Contains(shown["files"]!.AsArray(), f => (string)f!["path"]! == "system/new.txt" && (string)f["collector"]! == "system");
        Assert.Equal("b2", (string)shown["manifest"]!["id"]!);

        var diff = Api("/api/v1/bundles/b1/diff/b2");
        var changes = diff["changes"]!.AsArray().ToDictionary(c => (string)c!["path"]!, c => (string)c!["change"]!);
        Assert.Equal("removed", changes["config/etc/hosts"]);
        Assert.Equal("added", changes["system/new.txt"]);
        Assert.Equal("changed", changes["logs/syslog"]);
        Assert.Equal("changed", changes["system/df.txt"]);
        Assert.False(changes.ContainsKey("logs/app.log"));

        using var http = _server.Http(token: _server.Token);
        using (var download = await http.GetAsync(new Uri("/api/v1/bundles/b2/download", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var restored = TestBundles.Read(await download.Content.ReadAsStreamAsync());
            var original = TestBundles.Read(File.OpenRead(_dir.File("b2.tar.zst")));
            Assert.Equal(original.Keys.Order(), restored.Keys.Order());
            Assert.All(original, f => Assert.Equal(SHA256.HashData(f.Value), SHA256.HashData(restored[f.Key])));
        }
        using (var report = await http.GetAsync(new Uri("/api/v1/bundles/b2/files/report.html", UriKind.Relative)))
        {
            Assert.Equal("text/html", report.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("sandbox;", report.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
        var log = await http.GetByteArrayAsync(new Uri("/api/v1/bundles/b2/files/logs/app.log", UriKind.Relative));
        Assert.Equal(files2["logs/app.log"], log);

        var stats = Api("/api/v1/bundles/stats");
        Assert.Equal(2, (int)stats["fleet"]!["bundles"]!);
        Assert.True((double)stats["fleet"]!["ratio"]! > 2, stats.ToJsonString());
        Assert.Equal(agent.AgentId, (string)stats["hosts"]![0]!["agent_id"]!);

        var events = Api("/api/v1/events?type=dev.vigil.bundle.received")["events"]!.AsArray();
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task An_interrupted_upload_resumes_without_sending_again_what_arrived()
    {
        var (_, uploader) = EnrolledAgent("agent");
        using var _ = uploader as IDisposable;
        var bundle = TestBundles.Write(_dir.File("big.tar.zst"), "big", Day, Files(1, 60_000));
        using var stop = new CancellationTokenSource();
        long arrivedBeforeStop = 0;
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == "upload" && p.Done > p.Total / 2)
            {
                Interlocked.Exchange(ref arrivedBeforeStop, p.Done);
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => uploader.UploadAsync(bundle, progress, stop.Token));
        Assert.True(arrivedBeforeStop > 0);

        var resumed = await uploader.UploadAsync(bundle, null, CancellationToken.None);
        Assert.True(resumed.SentBytes <= resumed.LogicalBytes - arrivedBeforeStop + BundleApi.MaxBlobBytes / 64, $"resumed upload sent {resumed.SentBytes} of {resumed.LogicalBytes}; {arrivedBeforeStop} had arrived");
        Assert.True(resumed.ChunksSent < resumed.ChunksTotal, resumed.ToString());
        using var http = _server.Http(token: _server.Token);
        using var download = await http.GetAsync(new Uri("/api/v1/bundles/big/download", UriKind.Relative));
        var restored = TestBundles.Read(await download.Content.ReadAsStreamAsync());
        Assert.Equal(TestBundles.Read(File.OpenRead(bundle))["logs/syslog"], restored["logs/syslog"]);
    }

    [Fact]
    public async Task Tar_slip_entries_and_links_are_refused_before_anything_is_sent()
    {
        var (agent, uploader) = EnrolledAgent("agent");
        using var _ = uploader as IDisposable;
        var outside = _dir.File("escaped");
        var slip = TestBundles.WriteHostile(_dir.File("slip.tar.zst"), new PaxTarEntry(TarEntryType.RegularFile, "../escaped") { DataStream = new MemoryStream([1, 2, 3]) });
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => uploader.UploadAsync(slip, null, CancellationToken.None));
        Assert.Contains("../escaped", error.Message, StringComparison.Ordinal);
        var link = TestBundles.WriteHostile(_dir.File("link.tar.zst"), new PaxTarEntry(TarEntryType.SymbolicLink, "etc") { LinkName = "/etc" });
        error = await Assert.ThrowsAsync<InvalidDataException>(() => uploader.UploadAsync(link, null, CancellationToken.None));
        Assert.Contains("SymbolicLink", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(outside));
        Assert.Empty(Api($"/api/v1/hosts/{agent.AgentId}/bundles")["bundles"]!.AsArray());
    }

    [Fact]
    public async Task The_server_refuses_unknown_and_revoked_clients_bad_blobs_oversize_and_unsafe_paths()
    {
        using (var anonymous = _server.Http())
        {
            using var response = await anonymous.PostAsJsonAsync(new Uri(BundleApi.MissingPath, UriKind.Relative), new { bundle_id = "x", blobs = Array.Empty<string>() });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var manual = await ManualAgent.EnrollAsync(_server, "bundle-host");
        using var http = _server.Http(manual.Certificate);
        var content = "hello"u8.ToArray();
        var id = Convert.ToHexStringLower(SHA256.HashData(content));
        using (var wrong = await http.PutAsync(new Uri($"{BundleApi.BlobsPath}/{Convert.ToHexStringLower(SHA256.HashData("other"u8))}", UriKind.Relative), new ByteArrayContent(content)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }
        using (var big = await http.PutAsync(new Uri($"{BundleApi.BlobsPath}/{id}", UriKind.Relative), new ByteArrayContent(new byte[BundleApi.MaxBlobBytes + 1])))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        }
        using (var ok = await http.PutAsync(new Uri($"{BundleApi.BlobsPath}/{id}?type=data", UriKind.Relative), new ByteArrayContent(content)))
        {
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        }
        var manifest = new JsonObject
        {
            ["id"] = "evil",
            ["host"] = "h",
            ["agent_version"] = "1",
            ["created"] = "2026-12-01T00:00:00Z",
            ["profile"] = "default",
            ["since"] = "24h",
            ["files"] = new JsonArray(),
        };
        JsonNode Entry(string path) => new JsonObject { ["path"] = path, ["type"] = "file", ["size"] = content.Length, ["content"] = id };
        using (var slip = await http.PostAsJsonAsync(new Uri(BundleApi.CommitPath, UriKind.Relative),
            new JsonObject { ["snapshot"] = new JsonObject { ["files"] = new JsonArray(Entry("manifest.json"), Entry("../../etc/passwd")) }, ["manifest"] = manifest }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, slip.StatusCode);
            Assert.Contains("../../etc/passwd", await slip.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var unknown = Convert.ToHexStringLower(SHA256.HashData("never sent"u8));
        using (var missing = await http.PostAsJsonAsync(new Uri(BundleApi.CommitPath, UriKind.Relative),
            new JsonObject { ["snapshot"] = new JsonObject { ["files"] = new JsonArray(Entry("manifest.json"), new JsonObject { ["path"] = "a", ["type"] = "file", ["size"] = 3, ["content"] = unknown }) }, ["manifest"] = manifest.DeepClone() }))
        {
            Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
            Assert.Contains(BundleApi.BlobsMissingCode, await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Empty(Api("/api/v1/bundles")["bundles"]!.AsArray());

        var (code, output) = _server.Cli(null, "agent", "revoke", manual.AgentId);
        Assert.True(code == 0, output);
        using var revoked = await http.PostAsJsonAsync(new Uri(BundleApi.MissingPath, UriKind.Relative), new { bundle_id = "x", blobs = new[] { id } });
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
    }

    [Fact]
    public async Task Retention_removes_the_oldest_beyond_n_per_host_and_gc_reclaims_their_space()
    {
        var (agent, uploader) = EnrolledAgent("agent");
        using var _ = uploader as IDisposable;
        for (var i = 0; i < 3; i++)
        {
            // Each bundle has content of its own, so removing one frees space.
            var files = new Dictionary<string, byte[]> { ["logs/own.log"] = TestBundles.Log(100 + i, 20_000), ["logs/shared.log"] = TestBundles.Log(7, 5_000) };
            await uploader.UploadAsync(TestBundles.Write(_dir.File($"r{i}.tar.zst"), $"r{i}", Day.AddDays(i), files), null, CancellationToken.None);
        }
        var before = (long)Api("/api/v1/bundles/stats")["fleet"]!["stored_bytes"]!;
        var pruned = _server.CliJson("bundles", "prune", "--keep-per-host", "1", "--keep-days", "0");
        Assert.Equal(["r0", "r1"], pruned["bundles_removed"]!.AsArray().Select(b => (string)b!).Order());
        Assert.Equal(["r2"], Api($"/api/v1/hosts/{agent.AgentId}/bundles")["bundles"]!.AsArray().Select(b => (string)b!["id"]!));
        var after = (long)Api("/api/v1/bundles/stats")["fleet"]!["stored_bytes"]!;
        Assert.True(after < before * 0.6, $"stored bytes {before} -> {after}");

        // What is left is whole: its download still has every file.
        var (code, output) = _server.Cli(null, "bundles", "get", "r2", "--out", _dir.File("r2-back.tar.zst"));
        Assert.True(code == 0, output);
        Assert.Equal(TestBundles.Read(File.OpenRead(_dir.File("r2.tar.zst")))["logs/shared.log"], TestBundles.Read(File.OpenRead(_dir.File("r2-back.tar.zst")))["logs/shared.log"]);
    }

    [Fact]
    public void An_agent_that_never_enrolled_has_no_uploader()
    {
        var options = new AgentOptions { StateDirectory = _dir.File("never-enrolled") };
        Assert.Null(HttpsBundleUploader.ForAgent(options, TimeProvider.System));
    }

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, too late to stop at a point).</summary>
    private sealed class SyncProgress(Action<BundleUploadProgress> report) : IProgress<BundleUploadProgress>
    {
        public void Report(BundleUploadProgress value) => report(value);
    }
}

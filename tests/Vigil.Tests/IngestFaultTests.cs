using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Protocol;

namespace Vigil.Tests;

/// <summary>
/// Bad input at the ingest endpoint of a real server over real mutual TLS: every refusal is a 4xx that names what was
/// wrong, nothing of a refused batch is stored, and the server keeps serving.
/// </summary>
public sealed class IngestFaultTests : IAsyncLifetime
{
    private IngestUnderTest _ingest = null!;

    public async Task InitializeAsync() => _ingest = await IngestUnderTest.StartAsync("vigil-ingest");

    private string Batch(long seq, int version = 2, string? agent = null, string records = """[{"type":"metrics","src":"cpu","ts":1795583185359,"metrics":[{"n":"system.cpu.utilization","u":"1","k":"Gauge","a":{"cpu.mode":"user"},"v":0.25}]}]""") =>
        $$"""{"v":{{version}},"agent":"{{agent ?? _ingest.AgentId}}","seq":{{seq}},"ts":1795583185359,"records":{{records}}}""";

    private static Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient http, byte[] body, string? encoding = null) => IngestUnderTest.PostAsync(http, body, encoding);

    private Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string json) => _ingest.PostAsync(json);

    private int Stored => StoredBatches.Sequences(_ingest.Server.DatabasePath, _ingest.AgentId).Count;

    private static void AssertRefused((HttpStatusCode Status, JsonNode Body) answer, HttpStatusCode status, string code, string reason)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Body["error"]!.GetValue<string>());
        Assert.Contains(reason, answer.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonIsRefusedWithWhereItBroke()
    {
        AssertRefused(await PostAsync("""{"v":2,"agent":"x","seq":1,"records":[{"type":"metrics",}"""), HttpStatusCode.BadRequest, "malformed_batch", "line 1");
        Assert.Equal(0, Stored);
    }

    [Fact]
    public async Task AFutureSchemaVersionIsRefusedNamingTheVersionsAccepted()
    {
        AssertRefused(await PostAsync(Batch(1, version: 99)), HttpStatusCode.BadRequest, "unsupported_schema_version", $"schema version 99 is not supported; this server accepts {SchemaVersions.OldestSupported} to {SchemaVersions.Current}");
    }

    [Fact]
    public async Task APreviousSchemaVersionPayloadIsStored()
    {
        var v1 = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "batch-v1.json"))).Replace("AGENT_ID", _ingest.AgentId, StringComparison.Ordinal);
        Assert.Equal(1, JsonNode.Parse(v1)!["v"]!.GetValue<int>());
        var (status, body) = await PostAsync(v1);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body["acked"]!.GetValue<long>());
        var host = _ingest.Server.CliJson("host", _ingest.AgentId);
        Assert.NotNull(host["identity"]!["kernel"]);
        Assert.Contains(host["metrics"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "system.cpu.utilization");
    }

    [Fact]
    public async Task AnInvalidRecordRefusesTheWholeBatchAndStoresNothingOfIt()
    {
        var records = """[{"type":"metrics","src":"cpu","ts":1795583185359,"metrics":[{"n":"ok.metric","u":"1","k":"Gauge","v":1}]},{"type":"metrics","src":"cpu","ts":1795583185359,"metrics":[{"n":"","u":"1","k":"Gauge","v":1}]}]""";
        AssertRefused(await PostAsync(Batch(1, records: records)), HttpStatusCode.BadRequest, "invalid_batch", "records[1].metrics[0].n: missing metric name");
        Assert.Equal(0, Stored);
        var host = _ingest.Server.CliJson("host", _ingest.AgentId);
        Assert.Empty(host["metrics"]!.AsArray());
    }

    [Fact]
    public async Task ABatchClaimingAnotherAgentIsRefused()
    {
        AssertRefused(await PostAsync(Batch(1, agent: "agt_00000000000000000000")), HttpStatusCode.UnprocessableEntity, "agent_mismatch", "the client certificate is " + _ingest.AgentId);
    }

    [Fact]
    public async Task ABatchSpooledBeforeEnrollmentIsStoredAsTheCertificatesAgent()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Batch(1, agent: "3d1219c7c4c5404aaa1f6d2a48adfda4"))).Status);
        Assert.Equal([1L], StoredBatches.Sequences(_ingest.Server.DatabasePath, _ingest.AgentId));
    }

    [Fact]
    public async Task OversizedAndExplodingBodiesAreRefusedBeforeTheyCostMemory()
    {
        AssertRefused(await PostAsync(_ingest.Http, new byte[9 * 1024 * 1024]), HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "exceeds");

        using var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"v\":2,\"pad\":\""));
            var zeros = new byte[1024 * 1024];
            Array.Fill(zeros, (byte)'0');
            for (var i = 0; i < 80; i++)
            {
                gzip.Write(zeros);
            }
        }
        Assert.True(bomb.Length < 1024 * 1024, "the bomb is small on the wire");
        AssertRefused(await PostAsync(_ingest.Http, bomb.ToArray(), "gzip"), HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "decompressed batch exceeds");
        AssertRefused(await PostAsync(_ingest.Http, Encoding.UTF8.GetBytes(Batch(1)), "br"), HttpStatusCode.UnsupportedMediaType, "unsupported_encoding", "Content-Encoding 'br'");
        AssertRefused(await PostAsync(_ingest.Http, Encoding.UTF8.GetBytes("not gzip at all"), "gzip"), HttpStatusCode.BadRequest, "malformed_batch", "not valid gzip");
    }

    [Fact]
    public async Task AReplayedSequenceIsADuplicateAndALowerOneIsOutOfOrder()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Batch(5))).Status);
        AssertRefused(await PostAsync(Batch(5)), HttpStatusCode.Conflict, "duplicate", "seq 5 is already stored");
        AssertRefused(await PostAsync(Batch(3)), HttpStatusCode.Conflict, "out_of_order", "below the last stored sequence 5");
        Assert.Equal([5L], StoredBatches.Sequences(_ingest.Server.DatabasePath, _ingest.AgentId));
    }

    [Fact]
    public async Task WithoutAClientCertificateIngestIsRefused()
    {
        using var anonymous = _ingest.Server.Http();
        AssertRefused(await PostAsync(anonymous, Encoding.UTF8.GetBytes(Batch(1))), HttpStatusCode.Unauthorized, "client_certificate_required", "mutual TLS");
    }

    [Fact]
    public async Task AfterEveryKindOfBadInputTheServerStillTakesGoodBatches()
    {
        await PostAsync("garbage");
        await PostAsync(_ingest.Http, new byte[9 * 1024 * 1024]);
        await PostAsync(Batch(1, version: 0));
        var (status, body) = await PostAsync(Batch(1));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body["acked"]!.GetValue<long>());
        using var health = await _ingest.Server.Http().GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    public Task DisposeAsync()
    {
        _ingest?.Dispose();
        return Task.CompletedTask;
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Vigil.Tests;

/// <summary>
/// Anomaly records through a real server over real mutual TLS: stored once however often they are sent, turned into
/// an opened and a closed event tied together, listed by the API and the CLI; older agents' batches still accepted.
/// </summary>
public sealed class AnomalyIngestTests : IAsyncLifetime
{
    private const long Ts = 1795583185359;
    private IngestUnderTest _ingest = null!;

    public async Task InitializeAsync() => _ingest = await IngestUnderTest.StartAsync("vigil-anomaly", "anomalous-host");

    private static string Anomaly(string state, long ts, double observed, double score, string message) => $$"""
        {"type":"anomaly","src":"detect","ts":{{ts}},"id":"an-42","state":"{{state}}","metric":"system.cpu.utilization",
         "a":{"cpu.mode":"user"},"since":{{Ts - 20_000}},"observed":{{observed}},"expected_low":0.02,"expected_high":0.31,
         "score":{{score}},"detectors":["level","changepoint"],"message":"{{message}}"}
        """;

    private string Batch(long seq, int version, string records) =>
        $$"""{"v":{{version}},"agent":"{{_ingest.AgentId}}","seq":{{seq}},"ts":{{Ts}},"interval_ms":10000,"records":[{{records}}]}""";

    private Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string json, int version) => _ingest.PostAsync(json, version);

    private long Rows(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _ingest.Server.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$agent", _ingest.AgentId);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task AnOpenAndItsCloseAreStoredOnceBecomeTwoCorrelatedEventsAndShowInTheApiAndCli()
    {
        var batch = Batch(1, 3, string.Join(",",
            """{"type":"metrics","src":"cpu","ts":1795583185359,"metrics":[{"n":"system.cpu.utilization","u":"1","k":"Gauge","a":{"cpu.mode":"user"},"v":0.97}]}""",
            Anomaly("Open", Ts - 10_000, 0.97, 0.9991, "system.cpu.utilization {cpu.mode=user} is 0.97, expected 0.02-0.31 since 20 s (level, changepoint)"),
            Anomaly("Closed", Ts, 0.12, 0.9997, "system.cpu.utilization {cpu.mode=user} back in range at 0.12")));
        var (status, body) = await PostAsync(batch, 3);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        // The agent lost the acknowledgement and sends the batch again.
        var (again, refusal) = await PostAsync(batch, 3);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("duplicate", refusal["error"]!.GetValue<string>());

        Assert.Equal(1, Rows("SELECT COUNT(*) FROM anomalies WHERE agent_id = $agent"));
        Assert.Equal(2, Rows("SELECT COUNT(*) FROM events WHERE agent_id = $agent AND type LIKE 'dev.vigil.anomaly.%'"));

        using var api = _ingest.Server.Http(token: _ingest.Server.Token);
        var events = JsonNode.Parse(await api.GetStringAsync(new Uri($"/api/v1/events?type=dev.vigil.anomaly.*&host={_ingest.AgentId}", UriKind.Relative)))!["events"]!.AsArray();
        Assert.Equal(["dev.vigil.anomaly.closed", "dev.vigil.anomaly.opened"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal($"{_ingest.AgentId}:anomaly:an-42", e!["correlationid"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal($"{_ingest.AgentId}:1", e!["causationid"]!.GetValue<string>()));
        Assert.Equal(0.97, events[1]!["data"]!["observed"]!.GetValue<double>());

        var listed = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/v1/anomalies?state=closed&since=30d", UriKind.Relative)))!["anomalies"]!.AsArray();
        var anomaly = Assert.Single(listed)!;
        Assert.Equal("anomalous-host", anomaly["hostname"]!.GetValue<string>());
        Assert.Equal("closed", anomaly["state"]!.GetValue<string>());
        Assert.Equal(0.9997, anomaly["peak_score"]!.GetValue<double>());
        Assert.Equal(0.97, anomaly["observed"]!.GetValue<double>());
        Assert.Equal("1", anomaly["unit"]!.GetValue<string>());
        Assert.Equal(20, anomaly["duration_s"]!.GetValue<double>());
        Assert.Equal(["level", "changepoint"], anomaly["detectors"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Empty(JsonNode.Parse(await api.GetStringAsync(new Uri("/api/v1/hosts/anomalous-host/anomalies?state=open", UriKind.Relative)))!["anomalies"]!.AsArray());
        using var badState = await api.GetAsync(new Uri("/api/v1/anomalies?state=sideways", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.StartsWith("state: 'sideways'", JsonNode.Parse(await badState.Content.ReadAsStringAsync())!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        using var anonymous = _ingest.Server.Http();
        using var refused = await anonymous.GetAsync(new Uri("/api/v1/anomalies", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var cli = _ingest.Server.CliJson("anomalies", "--host", "anomalous-host")["anomalies"]!.AsArray();
        Assert.Equal("an-42", Assert.Single(cli)!["id"]!.GetValue<string>());
        var (code, table) = _ingest.Server.Cli(null, "anomalies");
        Assert.Equal(0, code);
        Assert.Contains("expected 0.02-0.31 since 20 s", table, StringComparison.Ordinal);
        Assert.Contains("2.0% – 31.0%", table, StringComparison.Ordinal); // in the metric's unit
        Assert.Contains("0.9997", table, StringComparison.Ordinal);
        Assert.Contains("1 anomalies, 0 open", table, StringComparison.Ordinal);

        var metrics = await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("vigil_ingest_anomaly_records_total{state=\"open\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_ingest_anomaly_records_total{state=\"closed\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenAnomalyRecordRefusesTheBatchNamingTheFieldAndStoresNothing()
    {
        var (status, body) = await PostAsync(Batch(1, 3, Anomaly("Open", Ts, 0.9, 1.7, "too sure")), 3);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_batch", body["error"]!.GetValue<string>());
        Assert.StartsWith("records[0].score: must be between 0 and 1", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, Rows("SELECT COUNT(*) FROM anomalies WHERE agent_id = $agent"));
        Assert.Empty(StoredBatches.Sequences(_ingest.Server.DatabasePath, _ingest.AgentId));
    }

    [Fact]
    public async Task ABatchOfThePreviousSchemaVersionIsStillStored()
    {
        var v2 = Batch(1, 2, """{"type":"metrics","src":"cpu","ts":1795583185359,"metrics":[{"n":"system.cpu.utilization","u":"1","k":"Gauge","a":{"cpu.mode":"user"},"v":0.25}]}""");
        var (status, body) = await PostAsync(v2, 2);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(1, body["acked"]!.GetValue<long>());
        Assert.Equal([1L], StoredBatches.Sequences(_ingest.Server.DatabasePath, _ingest.AgentId));
    }

    public Task DisposeAsync()
    {
        _ingest?.Dispose();
        return Task.CompletedTask;
    }
}

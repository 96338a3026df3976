using Vigil.Protocol;
using Vigil.Server.Events;
using Vigil.Server.Ingest;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Ingest;

public sealed class AnomalyEventsTests
{
    private static Batch With(long seq, params Vigil.Protocol.Record[] records) => new() { AgentId = "agt_1", Sequence = seq, CreatedUnixMs = 1, Records = records };

    [Fact]
    public void OpenAndCloseBecomeTwoEventsCorrelatedByTheAnomalyAndCausedByTheirBatch()
    {
        var opened = BatchEvents.Derive("agt_1", With(4, Anomaly(TimeSpan.FromSeconds(30), "a7", AnomalyState.Open, since: TimeSpan.FromSeconds(20)))).Single();
        var closed = BatchEvents.Derive("agt_1", With(9, Anomaly(TimeSpan.FromMinutes(3), "a7", AnomalyState.Closed, since: TimeSpan.FromSeconds(20), observed: 0.2))).Single();

        Assert.Equal((EventTypes.AnomalyOpened, "agt_1:anomaly:a7:opened", "agt_1:4"), (opened.Type, opened.Id, opened.CausationId));
        Assert.Equal((EventTypes.AnomalyClosed, "agt_1:anomaly:a7:closed", "agt_1:9"), (closed.Type, closed.Id, closed.CausationId));
        Assert.Equal("agt_1:anomaly:a7", opened.CorrelationId);
        Assert.Equal(opened.CorrelationId, closed.CorrelationId);
        Assert.Equal("agt_1/system.cpu.utilization", opened.Subject);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), opened.Time);

        var data = opened.Data!.Value;
        Assert.Equal("open", data.GetProperty("state").GetString());
        Assert.Equal("system.cpu.utilization", data.GetProperty("metric").GetString());
        Assert.Equal("user", data.GetProperty("attributes").GetProperty("cpu.mode").GetString());
        Assert.Equal(0.97, data.GetProperty("observed").GetDouble());
        Assert.Equal(0.30, data.GetProperty("expected_high").GetDouble());
        Assert.Equal(["level"], data.GetProperty("detectors").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(T0 + TimeSpan.FromSeconds(20), data.GetProperty("since").GetDateTimeOffset());
        Assert.Contains("observed 0.97", data.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("closed", closed.Data!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public void ATransitionReportedAgainInAnotherBatchHasTheSameIdSoItFiresOnce()
    {
        var record = Anomaly(TimeSpan.FromSeconds(30), "a7", AnomalyState.Open, since: TimeSpan.FromSeconds(20));
        Assert.Equal(BatchEvents.Derive("agt_1", With(4, record)).Single().Id, BatchEvents.Derive("agt_1", With(5, record)).Single().Id);
    }
}

using Vigil.Protocol;
using Vigil.Server.Events;
using Vigil.Server.Ingest;

namespace Vigil.Server.Tests.Ingest;

public sealed class BatchEventsTests
{
    private static Batch With(long seq, params Vigil.Protocol.Record[] records) => new() { AgentId = "agt_1", Sequence = seq, CreatedUnixMs = 1, Records = records };

    private static InventoryRecord Certificates(string days, string notAfter = "2027-01-01T00:00:00Z") => new()
    {
        Source = "certificates",
        TimestampUnixMs = 1,
        Kind = "certificates",
        Items = [new InventoryItem { Key = "/etc/tls/api.crt", Attributes = new Dictionary<string, string> { ["days_to_expiry"] = days, ["not_after"] = notAfter } }],
    };

    [Fact]
    public void HealthTransitionsAndDriftBecomeEventsTiedToTheirBatch()
    {
        var events = BatchEvents.Derive("agt_1", With(9,
            new HealthRecord { Source = "conntrack", TimestampUnixMs = 1, Status = HealthStatus.Failed, Reason = "permission_denied", Message = "m" },
            new HealthRecord { Source = "disk", TimestampUnixMs = 1, Status = HealthStatus.Ok, Reason = "recovered", Message = "m" },
            new DriftRecord { Source = "files", TimestampUnixMs = 1, Path = "/etc/passwd", Change = DriftChange.Modified }));
        Assert.Equal([EventTypes.CollectorFailing, EventTypes.CollectorRecovered, EventTypes.FileDrifted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("agt_1:9", e.CorrelationId));
        Assert.All(events, e => Assert.Equal("/agents/agt_1", e.Source));
        Assert.Equal("agt_1:/etc/passwd", events[2].Subject);
    }

    [Fact]
    public void TheSameBatchDerivesTheSameIdsSoAResendCannotFireTwice()
    {
        var batch = With(3, new DriftRecord { Source = "files", TimestampUnixMs = 1, Path = "/etc/hosts", Change = DriftChange.Created });
        Assert.Equal(BatchEvents.Derive("agt_1", batch).Select(e => e.Id), BatchEvents.Derive("agt_1", batch).Select(e => e.Id));
    }

    [Fact]
    public void ACertificateWarnsOncePerThresholdNotOncePerReport()
    {
        Assert.Empty(BatchEvents.Derive("agt_1", With(1, Certificates("45"))));
        var at29 = BatchEvents.Derive("agt_1", With(2, Certificates("29"))).Single();
        var at20 = BatchEvents.Derive("agt_1", With(3, Certificates("20"))).Single();
        var at6 = BatchEvents.Derive("agt_1", With(4, Certificates("6"))).Single();
        Assert.Equal(EventTypes.CertificateExpiring, at29.Type);
        Assert.Equal(at29.Id, at20.Id); // still the 30-day warning: stored once
        Assert.NotEqual(at29.Id, at6.Id); // crossed the 7-day threshold
        var renewed = BatchEvents.Derive("agt_1", With(5, Certificates("6", notAfter: "2028-01-01T00:00:00Z"))).Single();
        Assert.NotEqual(at6.Id, renewed.Id); // a different certificate at the same path
    }
}

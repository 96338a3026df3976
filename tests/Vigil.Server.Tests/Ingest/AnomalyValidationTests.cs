using Vigil.Protocol;
using Vigil.Server.Ingest;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Ingest;

public sealed class AnomalyValidationTests
{
    private static readonly IngestLimits Limits = new();

    private static Batch With(params Vigil.Protocol.Record[] records) => new() { AgentId = "agt_1", Sequence = 1, CreatedUnixMs = 1, Records = records };

    private static AnomalyRecord Valid => Anomaly(TimeSpan.FromSeconds(30), "a1", AnomalyState.Open, since: TimeSpan.FromSeconds(20));

    [Fact]
    public void AWellFormedOpenAndCloseAreAccepted()
    {
        BatchValidator.Validate(With(Valid, Valid with { State = AnomalyState.Closed }), "agt_1", Limits);
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "id", "records[1].id: missing" },
        { "metric", "records[1].metric: missing" },
        { "state", "records[1].state: must be Open or Closed, got 7" },
        { "since", "records[1].since: missing or not a Unix time" },
        { "observed", "records[1].observed: must be a finite number, got NaN" },
        { "expected_high", "records[1].expected_high: must be a finite number, got Infinity" },
        { "range", "records[1].expected_low: 0.05 is above expected_high 0.01" },
        { "score", "records[1].score: must be between 0 and 1, got 1.5" },
        { "detectors", "records[1].detectors: missing" },
        { "detector", "records[1].detectors[0]: missing" },
        { "message", "records[1].message: missing" },
        { "attributes", "records[1].a: 65 attributes exceed 64" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void ABrokenAnomalyRecordIsRefusedNamingItsField(string field, string expected)
    {
        var broken = field switch
        {
            "id" => Valid with { Id = "" },
            "metric" => Valid with { Metric = " " },
            "state" => Valid with { State = (AnomalyState)7 },
            "since" => Valid with { SinceUnixMs = 0 },
            "observed" => Valid with { Observed = double.NaN },
            "expected_high" => Valid with { ExpectedHigh = double.PositiveInfinity },
            "range" => Valid with { ExpectedHigh = 0.01 },
            "score" => Valid with { Score = 1.5 },
            "detectors" => Valid with { Detectors = null! },
            "detector" => Valid with { Detectors = [""] },
            "message" => Valid with { Message = "" },
            "attributes" => Valid with { Attributes = Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", i => "v") },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        var error = Assert.Throws<BatchRejectedException>(() => BatchValidator.Validate(With(Valid, broken), "agt_1", Limits));
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_batch", error.Code);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}

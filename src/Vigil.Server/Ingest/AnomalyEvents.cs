using Vigil.Protocol;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Ingest;

/// <summary>
/// <c>dev.vigil.anomaly.opened</c> and <c>dev.vigil.anomaly.closed</c>. The id is the anomaly's and the transition's,
/// not the batch's, so an agent that reports a transition again (after a restart) does not fire it twice; the
/// correlation id (<c>{agent}:anomaly:{id}</c>) ties the open to its close; the causation id is the batch.
/// </summary>
public static class AnomalyEvents
{
    public static string CorrelationId(string agentId, string anomalyId) => $"{agentId}:anomaly:{anomalyId}";

    public static VigilEvent Of(string agentId, string batchId, AnomalyRecord anomaly)
    {
        var opened = anomaly.State == AnomalyState.Open;
        var correlation = CorrelationId(agentId, anomaly.Id);
        return EventFactory.ForAgent(
            $"{correlation}:{(opened ? "opened" : "closed")}",
            opened ? EventTypes.AnomalyOpened : EventTypes.AnomalyClosed,
            agentId,
            $"{agentId}/{anomaly.Metric}",
            DateTimeOffset.FromUnixTimeMilliseconds(anomaly.TimestampUnixMs),
            new
            {
                id = anomaly.Id,
                state = opened ? "open" : "closed",
                metric = anomaly.Metric,
                attributes = anomaly.Attributes ?? new Dictionary<string, string>(),
                since = DateTimeOffset.FromUnixTimeMilliseconds(anomaly.SinceUnixMs),
                observed = anomaly.Observed,
                expected_low = anomaly.ExpectedLow,
                expected_high = anomaly.ExpectedHigh,
                score = anomaly.Score,
                detectors = anomaly.Detectors,
                message = anomaly.Message,
            },
            correlation,
            batchId);
    }
}

using Vigil.Protocol;

namespace Vigil.Server.Storage.Anomalies;

/// <summary>
/// Folds one anomaly record into the anomaly's latest state. Pure and order-tolerant, so a store implements it once:
/// the open record's explanation wins over the close's, the first close is the close, the score only rises, the
/// detectors accumulate; a repeated record (an agent restarted and sent a transition again) changes nothing.
/// </summary>
public static class AnomalyMerge
{
    public static StoredAnomaly Apply(StoredAnomaly? current, string agentId, AnomalyRecord record)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampUnixMs);
        var since = DateTimeOffset.FromUnixTimeMilliseconds(record.SinceUnixMs);
        var attributes = record.Attributes ?? new Dictionary<string, string>();
        var opening = record.State == AnomalyState.Open;
        if (current is null)
        {
            return new StoredAnomaly
            {
                AgentId = agentId,
                Id = record.Id,
                Metric = record.Metric,
                Attributes = attributes,
                Since = since,
                OpenedAt = opening ? at : null,
                ClosedAt = opening ? null : at,
                PeakScore = record.Score,
                ExpectedLow = record.ExpectedLow,
                ExpectedHigh = record.ExpectedHigh,
                Observed = record.Observed,
                ClosedObserved = opening ? null : record.Observed,
                Detectors = record.Detectors,
                Message = record.Message,
                LastAt = at,
            };
        }
        var merged = current with
        {
            Since = since < current.Since ? since : current.Since,
            PeakScore = Math.Max(current.PeakScore, record.Score),
            Detectors = [.. current.Detectors.Union(record.Detectors, StringComparer.Ordinal)],
            LastAt = at > current.LastAt ? at : current.LastAt,
        };
        if (!opening)
        {
            return merged with { ClosedAt = current.ClosedAt ?? at, ClosedObserved = current.ClosedObserved ?? record.Observed };
        }
        if (current.OpenedAt is null)
        {
            // Known so far from its close only: the open's explanation is the one that says what went wrong.
            return merged with
            {
                OpenedAt = at,
                ExpectedLow = record.ExpectedLow,
                ExpectedHigh = record.ExpectedHigh,
                Observed = record.Observed,
                Message = record.Message,
            };
        }
        return merged with { OpenedAt = at < current.OpenedAt ? at : current.OpenedAt };
    }
}

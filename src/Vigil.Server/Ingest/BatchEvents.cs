using System.Globalization;
using Vigil.Protocol;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Ingest;

/// <summary>
/// Events a batch implies on its own: collector health transitions, file drift, certificates nearing expiry, anomalies
/// opened and closed. Ids are deterministic, so a batch that is resent cannot fire twice; certificate warnings fire
/// once per threshold, and an anomaly's open and close once each.
/// </summary>
public static class BatchEvents
{
    /// <summary>Days before expiry at which a certificate warning fires, once each.</summary>
    private static readonly int[] ExpiryThresholds = [30, 14, 7, 1, 0];

    public static IReadOnlyList<VigilEvent> Derive(string agentId, Batch batch)
    {
        var events = new List<VigilEvent>();
        var batchId = $"{agentId}:{batch.Sequence}";
        for (var i = 0; i < batch.Records.Count; i++)
        {
            var record = batch.Records[i];
            var time = DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampUnixMs);
            switch (record)
            {
                case HealthRecord health:
                    var type = health.Status == HealthStatus.Ok ? EventTypes.CollectorRecovered : EventTypes.CollectorFailing;
                    events.Add(EventFactory.ForAgent($"{batchId}:health:{i}", type, agentId, $"{agentId}/{health.Source}", time,
                        new { source = health.Source, status = health.Status, reason = health.Reason, message = health.Message }, batchId, batchId));
                    break;
                case DriftRecord drift:
                    events.Add(EventFactory.ForAgent($"{batchId}:drift:{i}", EventTypes.FileDrifted, agentId, $"{agentId}:{drift.Path}", time,
                        new { path = drift.Path, change = drift.Change, before = drift.Before, after = drift.After }, batchId, batchId));
                    break;
                case InventoryRecord { Kind: "certificates" } certificates:
                    AddExpiring(events, agentId, batchId, time, certificates);
                    break;
                case AnomalyRecord anomaly:
                    events.Add(AnomalyEvents.Of(agentId, batchId, anomaly));
                    break;
            }
        }
        return events;
    }

    private static void AddExpiring(List<VigilEvent> events, string agentId, string batchId, DateTimeOffset time, InventoryRecord certificates)
    {
        foreach (var item in certificates.Items)
        {
            if (!item.Attributes.TryGetValue("days_to_expiry", out var text)
                || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days))
            {
                continue;
            }
            var threshold = ExpiryThresholds.Where(t => days <= t).DefaultIfEmpty(-1).Min();
            if (threshold < 0)
            {
                continue;
            }
            item.Attributes.TryGetValue("not_after", out var notAfter);
            events.Add(EventFactory.ForAgent($"{agentId}:certificate:{item.Key}:{notAfter}:{threshold}", EventTypes.CertificateExpiring, agentId,
                $"{agentId}:{item.Key}", time,
                new { certificate = item.Key, days_to_expiry = days, threshold_days = threshold, not_after = notAfter, attributes = item.Attributes }, batchId, batchId));
        }
    }
}

using Vigil.Protocol;

namespace Vigil.Server.Ingest;

/// <summary>Checks a parsed batch against the contract before anything is stored; the first problem is reported with its path.</summary>
public static class BatchValidator
{
    internal const int MaxNameLength = 256;
    internal const int MaxAttributes = 64;

    public static void Validate(Batch batch, string agentId, IngestLimits limits)
    {
        // The certificate says who is sending. A batch spooled before enrollment carries the host's local id and is the
        // same host's data; one naming another enrolled agent can never be stored (422: the agent drops it, counted).
        if (!string.Equals(batch.AgentId, agentId, StringComparison.Ordinal) && batch.AgentId?.StartsWith("agt_", StringComparison.Ordinal) != false)
        {
            throw new BatchRejectedException(422, "agent_mismatch", $"agent: batch claims '{batch.AgentId}' but the client certificate is {agentId}");
        }
        if (batch.Sequence <= 0)
        {
            throw Invalid("seq", $"must be positive, got {batch.Sequence}");
        }
        if (batch.Records is null)
        {
            throw Invalid("records", "missing");
        }
        if (batch.Records.Count > limits.MaxRecords)
        {
            throw new BatchRejectedException(413, "payload_too_large", $"records: {batch.Records.Count} records exceed the limit of {limits.MaxRecords}");
        }
        var samples = 0;
        for (var i = 0; i < batch.Records.Count; i++)
        {
            var record = batch.Records[i];
            var path = $"records[{i}]";
            if (record is null)
            {
                throw Invalid(path, "null record");
            }
            if (string.IsNullOrWhiteSpace(record.Source))
            {
                throw Invalid($"{path}.src", "missing");
            }
            if (record.TimestampUnixMs <= 0)
            {
                throw Invalid($"{path}.ts", "missing or not a Unix time in milliseconds");
            }
            switch (record)
            {
                case MetricsRecord metrics:
                    samples += metrics.Metrics?.Count ?? throw Invalid($"{path}.metrics", "missing");
                    ValidateMetrics(metrics.Metrics, path);
                    break;
                case InventoryRecord inventory:
                    if (string.IsNullOrWhiteSpace(inventory.Kind))
                    {
                        throw Invalid($"{path}.kind", "missing");
                    }
                    if (inventory.Items is null)
                    {
                        throw Invalid($"{path}.items", "missing");
                    }
                    break;
                case DriftRecord drift when string.IsNullOrWhiteSpace(drift.Path):
                    throw Invalid($"{path}.path", "missing");
                case AnomalyRecord anomaly:
                    AnomalyValidator.Validate(anomaly, path);
                    break;
                case ComplianceRecord compliance:
                    ComplianceValidator.Validate(compliance, path);
                    break;
            }
        }
        if (samples > limits.MaxSamples)
        {
            throw new BatchRejectedException(413, "payload_too_large", $"records: {samples} samples exceed the limit of {limits.MaxSamples}");
        }
    }

    private static void ValidateMetrics(IReadOnlyList<Metric> metrics, string path)
    {
        for (var j = 0; j < metrics.Count; j++)
        {
            var metric = metrics[j];
            if (metric is null || string.IsNullOrEmpty(metric.Name))
            {
                throw Invalid($"{path}.metrics[{j}].n", "missing metric name");
            }
            if (metric.Name.Length > MaxNameLength)
            {
                throw Invalid($"{path}.metrics[{j}].n", $"longer than {MaxNameLength} characters");
            }
            if (metric.Attributes is { Count: > MaxAttributes })
            {
                throw Invalid($"{path}.metrics[{j}].a", $"{metric.Attributes.Count} attributes exceed {MaxAttributes}");
            }
        }
    }

    internal static BatchRejectedException Invalid(string path, string problem) => new(400, "invalid_batch", $"{path}: {problem}");
}

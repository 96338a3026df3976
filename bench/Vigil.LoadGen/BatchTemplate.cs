using System.Buffers;
using System.Text.Json;
using Vigil.Protocol;

namespace Vigil.LoadGen;

/// <summary>
/// A recorded agent batch (its metric records), prepared so that writing it again with another agent id, sequence,
/// time and values costs little: names, units and attributes are encoded once, and each batch is written straight
/// to a reused buffer with <see cref="Utf8JsonWriter"/>. The JSON is the agent's wire format (<see cref="Batch"/>).
/// </summary>
public sealed class BatchTemplate
{
    private static readonly JsonEncodedText V = JsonEncodedText.Encode("v");
    private static readonly JsonEncodedText AgentProperty = JsonEncodedText.Encode("agent");
    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText Ts = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText IntervalMs = JsonEncodedText.Encode("interval_ms");
    private static readonly JsonEncodedText Records = JsonEncodedText.Encode("records");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText MetricsType = JsonEncodedText.Encode("metrics");
    private static readonly JsonEncodedText Src = JsonEncodedText.Encode("src");
    private static readonly JsonEncodedText N = JsonEncodedText.Encode("n");
    private static readonly JsonEncodedText U = JsonEncodedText.Encode("u");
    private static readonly JsonEncodedText K = JsonEncodedText.Encode("k");
    private static readonly JsonEncodedText A = JsonEncodedText.Encode("a");
    private static readonly JsonEncodedText R = JsonEncodedText.Encode("r");
    private static readonly JsonEncodedText Gauge = JsonEncodedText.Encode("Gauge");
    private static readonly JsonEncodedText Counter = JsonEncodedText.Encode("Counter");

    private readonly TemplateRecord[] _records;

    private BatchTemplate(TemplateRecord[] records)
    {
        _records = records;
    }

    /// <summary>Samples in each batch written from this template.</summary>
    public int SampleCount => _records.Sum(r => r.Metrics.Length);

    public static BatchTemplate Load(string path)
    {
        Batch batch;
        try
        {
            batch = JsonSerializer.Deserialize(File.ReadAllBytes(path), ProtocolJsonContext.Default.Batch)
                ?? throw new InvalidDataException($"{path}: the fixture is JSON null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the fixture is not a batch: {e.Message}", e);
        }
        var records = batch.Records.OfType<MetricsRecord>().Select(r => new TemplateRecord(
            JsonEncodedText.Encode(r.Source),
            r.Metrics.Select(m => new TemplateMetric(
                JsonEncodedText.Encode(m.Name),
                JsonEncodedText.Encode(m.Unit),
                m.Kind,
                m.Attributes?.Select(kv => (JsonEncodedText.Encode(kv.Key), JsonEncodedText.Encode(kv.Value))).ToArray(),
                m.Value,
                m.Rate ?? 1.0)).ToArray())).ToArray();
        if (records.Length == 0)
        {
            throw new InvalidDataException($"{path}: the fixture holds no metrics record");
        }
        return new BatchTemplate(records);
    }

    /// <summary>
    /// Writes agent <paramref name="agentIndex"/>'s batch <paramref name="sequence"/> for its tick
    /// <paramref name="tick"/>: gauges vary within ±10 % of the recorded value per agent and tick (utilizations stay
    /// within 0..1), counters grow by their rate each interval, so each agent's series look like a live host's.
    /// </summary>
    public void Write(IBufferWriter<byte> output, string agentId, int agentIndex, long sequence, long tick, long nowMs, int intervalMs)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteNumber(V, SchemaVersions.Current);
        json.WriteString(AgentProperty, agentId);
        json.WriteNumber(Seq, sequence);
        json.WriteNumber(Ts, nowMs);
        json.WriteNumber(IntervalMs, intervalMs);
        json.WriteStartArray(Records);
        var salt = (uint)agentIndex * 2_654_435_761u ^ (uint)tick * 40_503u;
        var seconds = tick * intervalMs / 1000.0;
        var i = 0u;
        foreach (var record in _records)
        {
            json.WriteStartObject();
            json.WriteString(Type, MetricsType);
            json.WriteString(Src, record.Source);
            json.WriteNumber(Ts, nowMs);
            json.WriteStartArray(MetricsType);
            foreach (var metric in record.Metrics)
            {
                var factor = 0.9 + 0.2 * Noise(salt + i++);
                json.WriteStartObject();
                json.WriteString(N, metric.Name);
                json.WriteString(U, metric.Unit);
                if (metric.Kind == MetricKind.Counter)
                {
                    json.WriteString(K, Counter);
                    WriteAttributes(json, metric);
                    var rate = metric.Rate * factor;
                    json.WriteNumber(V, Math.Round(metric.Value + metric.Rate * (seconds + agentIndex), 3));
                    json.WriteNumber(R, rate);
                }
                else
                {
                    json.WriteString(K, Gauge);
                    WriteAttributes(json, metric);
                    var value = metric.Value * factor;
                    json.WriteNumber(V, metric.IsRatio ? Math.Min(1, value) : Math.Round(value, 3));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter json, TemplateMetric metric)
    {
        if (metric.Attributes is not { } attributes)
        {
            return;
        }
        json.WriteStartObject(A);
        foreach (var (key, value) in attributes)
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
    }

    /// <summary>A cheap hash to [0, 1): values differ per agent, tick and series without a shared random generator.</summary>
    private static double Noise(uint x)
    {
        x ^= x >> 16;
        x *= 0x7feb352d;
        x ^= x >> 15;
        x *= 0x846ca68b;
        x ^= x >> 16;
        return x / 4_294_967_296.0;
    }

    private sealed record TemplateRecord(JsonEncodedText Source, TemplateMetric[] Metrics);

    private sealed record TemplateMetric(JsonEncodedText Name, JsonEncodedText Unit, MetricKind Kind, (JsonEncodedText Key, JsonEncodedText Value)[]? Attributes, double Value, double Rate)
    {
        public bool IsRatio { get; } = Unit.Value == "1";
    }
}

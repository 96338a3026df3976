using System.Text;
using Vigil.Agent.Collectors;
using Vigil.Protocol;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// Where a collector writes during one run. Units and kinds come from the collector's declared schema, so a
/// collector cannot emit a metric it did not declare; counters get their rate here; a run that produces more
/// series than the cardinality limit is cut off and the excess counted.
/// </summary>
public sealed class RecordWriter
{
    private readonly CollectorSchema _schema;
    private readonly string _source;
    private readonly CounterRates _rates = new();
    private readonly StringBuilder _key = new();
    private List<Metric> _metrics = [];
    private List<Record> _records = [];
    private long _timestampMs;

    public RecordWriter(string source, CollectorSchema schema, int maxSeriesPerRun = 5000)
    {
        _source = source;
        _schema = schema;
        MaxSeriesPerRun = maxSeriesPerRun;
    }

    public int MaxSeriesPerRun { get; }
    /// <summary>Series dropped by the cardinality limit in the last run.</summary>
    public int DroppedSeries { get; private set; }
    public long TimestampMs => _timestampMs;

    public void Gauge(string name, double value, IReadOnlyDictionary<string, string>? attributes = null) =>
        Add(name, MetricKind.Gauge, value, attributes);

    /// <summary>Reports a cumulative count; the per-second rate since the previous run is attached.</summary>
    public void Counter(string name, double cumulative, IReadOnlyDictionary<string, string>? attributes = null) =>
        Add(name, MetricKind.Counter, cumulative, attributes);

    /// <summary>Reports the complete current set of one inventory kind.</summary>
    public void Inventory(string kind, IReadOnlyList<InventoryItem> items)
    {
        if (!_schema.InventoryKinds.Contains(kind))
        {
            throw new InvalidOperationException($"Collector '{_source}' emitted undeclared inventory kind '{kind}'.");
        }
        _records.Add(new InventoryRecord { Source = _source, TimestampUnixMs = _timestampMs, Kind = kind, Items = items });
    }

    public void Identity(IdentityRecord identity)
    {
        if (!_schema.EmitsIdentity)
        {
            throw new InvalidOperationException($"Collector '{_source}' emitted an identity record it did not declare.");
        }
        _records.Add(identity with { Source = _source, TimestampUnixMs = _timestampMs });
    }

    public void Drift(DriftRecord drift)
    {
        if (!_schema.EmitsDrift)
        {
            throw new InvalidOperationException($"Collector '{_source}' emitted a drift record it did not declare.");
        }
        _records.Add(drift with { Source = _source, TimestampUnixMs = _timestampMs });
    }

    internal void BeginRun(long timestampMs)
    {
        _timestampMs = timestampMs;
        DroppedSeries = 0;
    }

    /// <summary>Ends the run and hands over what it produced.</summary>
    internal List<Record> EndRun()
    {
        _rates.EndRun();
        var records = _records;
        if (_metrics.Count > 0)
        {
            records.Insert(0, new MetricsRecord { Source = _source, TimestampUnixMs = _timestampMs, Metrics = _metrics });
            _metrics = [];
        }
        _records = [];
        return records;
    }

    private void Add(string name, MetricKind kind, double value, IReadOnlyDictionary<string, string>? attributes)
    {
        var descriptor = _schema.FindMetric(name)
            ?? throw new InvalidOperationException($"Collector '{_source}' emitted undeclared metric '{name}'.");
        if (descriptor.Kind != kind)
        {
            throw new InvalidOperationException($"Collector '{_source}' emitted '{name}' as {kind} but declared {descriptor.Kind}.");
        }
        if (_metrics.Count >= MaxSeriesPerRun)
        {
            DroppedSeries++;
            return;
        }
        double? rate = kind == MetricKind.Counter ? _rates.Observe(SeriesKey(name, attributes), value, _timestampMs) : null;
        _metrics.Add(new Metric { Name = name, Unit = descriptor.Unit, Kind = kind, Attributes = attributes, Value = value, Rate = rate });
    }

    private string SeriesKey(string name, IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return name;
        }
        _key.Clear().Append(name);
        // Collectors build attribute sets in a fixed order, so insertion order is a stable key.
        foreach (var (k, v) in attributes)
        {
            _key.Append('\u001f').Append(k).Append('=').Append(v);
        }
        return _key.ToString();
    }
}

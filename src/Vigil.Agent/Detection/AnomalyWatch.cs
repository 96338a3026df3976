using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Detection;
using Vigil.Detection.State;
using Vigil.Protocol;

namespace Vigil.Agent.Detection;

/// <summary>
/// Gives every numeric series the agent collects a detector (per <c>detection.rules</c>) and turns what they
/// decide into <see cref="AnomalyRecord"/>s, one per opened and one per closed anomaly, which travel in the
/// batch like any record. Gauges are watched by value, counters by their per-second rate. Detector state is
/// kept in <see cref="StatePath"/> so a restart does not start a new learning period.
/// </summary>
public sealed class AnomalyWatch
{
    public const string Component = "detection";
    public const string StateFileName = "detectors.state";

    private readonly AnomalyDetectionOptions _options;
    private readonly HealthTracker _health;
    private readonly Dictionary<string, WatchedSeries> _series = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new(128);
    private readonly StateWriter _writer = new(1024);
    private Dictionary<string, SavedSeries>? _saved;
    private DateTimeOffset _lastSave;

    public AnomalyWatch(AnomalyDetectionOptions options, HealthTracker health, string? statePath)
    {
        _options = options;
        _health = health;
        StatePath = statePath;
    }

    public string? StatePath { get; }

    /// <summary>Series with a detector (rules with <c>enabled: false</c> not counted).</summary>
    public int WatchedCount => _series.Count(s => s.Value.Detector is not null);

    public SeriesDetector? DetectorFor(string seriesKey) => _series.TryGetValue(seriesKey, out var s) ? s.Detector : null;

    /// <summary>Feeds every sample of <paramref name="record"/> to its series' detector; adds any anomaly record to <paramref name="output"/>.</summary>
    public void Observe(MetricsRecord record, List<Record> output)
    {
        foreach (var metric in record.Metrics)
        {
            var value = metric.Kind == MetricKind.Counter ? metric.Rate : metric.Value;
            if (value is not { } v)
            {
                continue;
            }
            var key = SeriesKey(metric);
            if (!_series.TryGetValue(key, out var series))
            {
                if (_series.Count >= _options.MaxSeries)
                {
                    _health.Report(Component, "series", HealthStatus.Degraded, "series_limit",
                        $"{_series.Count} series watched; more are not (detection.max_series)");
                    continue;
                }
                series = Start(key, metric.Name);
                _series[key] = series;
            }
            if (series.Detector?.Observe(record.TimestampUnixMs, v).Event is { } anomaly)
            {
                output.Add(ToRecord(key, metric, anomaly));
            }
        }
    }

    private WatchedSeries Start(string key, string metric)
    {
        var rule = _options.For(metric);
        if (!rule.Enabled)
        {
            return new WatchedSeries(null, "");
        }
        var detector = new SeriesDetector(key, rule.Options);
        var fingerprint = string.Join(',', rule.Options.Detectors);
        if (_saved is not null && _saved.Remove(key, out var saved) && saved.Fingerprint == fingerprint)
        {
            try
            {
                detector.Restore(saved.State);
            }
            catch (InvalidStateException e)
            {
                _health.Report(Component, "state", HealthStatus.Degraded, "state_unusable", $"{key}: saved detector state not restored: {e.Message}");
            }
        }
        return new WatchedSeries(detector, fingerprint);
    }

    private static AnomalyRecord ToRecord(string key, Metric metric, AnomalyEvent anomaly)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)):x16}-{anomaly.SinceUnixMs}");
        var low = double.IsFinite(anomaly.ExpectedLow) ? anomaly.ExpectedLow : anomaly.Observed;
        var high = double.IsFinite(anomaly.ExpectedHigh) ? anomaly.ExpectedHigh : anomaly.Observed;
        return new AnomalyRecord
        {
            Source = Component,
            TimestampUnixMs = anomaly.AtUnixMs,
            Id = id,
            State = anomaly.Opened ? AnomalyState.Open : AnomalyState.Closed,
            Metric = metric.Name,
            Attributes = metric.Attributes,
            SinceUnixMs = anomaly.SinceUnixMs,
            Observed = anomaly.Observed,
            ExpectedLow = low,
            ExpectedHigh = high,
            Score = anomaly.Score,
            Detectors = anomaly.Detectors,
            Message = anomaly.Message,
        };
    }

    /// <summary><c>name{k=v,...}</c> with attributes in key order: the series' identity and its name in explanations.</summary>
    public string SeriesKey(Metric metric)
    {
        if (metric.Attributes is not { Count: > 0 } attributes)
        {
            return metric.Name;
        }
        _key.Clear().Append(metric.Name).Append('{');
        var first = true;
        foreach (var (k, v) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            _key.Append(first ? "" : ",").Append(k).Append('=').Append(v);
            first = false;
        }
        return _key.Append('}').ToString();
    }

    /// <summary>Reads <see cref="StatePath"/> if present; series pick their state up when first seen.</summary>
    public void Load()
    {
        if (StatePath is null || !File.Exists(StatePath))
        {
            return;
        }
        try
        {
            _saved = DetectorStateFile.Read(File.ReadAllBytes(StatePath));
        }
        catch (Exception e) when (e is InvalidStateException or IOException or UnauthorizedAccessException)
        {
            _health.Report(Component, "state", HealthStatus.Degraded, "state_unusable", $"{StatePath}: {e.Message}; detectors start learning afresh");
        }
    }

    /// <summary>Writes the state of every watched series (atomically) when <see cref="AnomalyDetectionOptions.SaveInterval"/> has passed.</summary>
    public void SaveIfDue(DateTimeOffset now)
    {
        if (now - _lastSave >= _options.SaveInterval)
        {
            Save(now);
        }
    }

    public void Save(DateTimeOffset now)
    {
        _lastSave = now;
        if (StatePath is null || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(StatePath))))
        {
            return;
        }
        try
        {
            var entries = _series.Where(s => s.Value.Detector is not null)
                .Select(s => (s.Key, s.Value.Fingerprint, s.Value.Detector!));
            Channel.AtomicFile.Write(StatePath, DetectorStateFile.Write(entries, _saved, _writer), Channel.AtomicFile.OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _health.Report(Component, "state", HealthStatus.Degraded, "state_unwritable", $"{StatePath}: {e.Message}");
        }
    }

    private sealed record WatchedSeries(SeriesDetector? Detector, string Fingerprint);
}

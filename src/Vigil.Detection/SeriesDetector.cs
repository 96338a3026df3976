using Vigil.Detection.State;

namespace Vigil.Detection;

/// <summary>
/// Everything that watches one series: the front-end that deals with messy input, the scorer (detectors and
/// their calibration), the warm-up and the open/close tracker. Messy input, on purpose:
/// <list type="bullet">
/// <item>NaN and infinities are not values: skipped, nothing learned (<see cref="SampleStatus.Invalid"/>).</item>
/// <item>Row order is stream order. A timestamp equal to or before the previous one (a clock step, a DST hour)
/// is scored and learned like any sample; only an exact re-delivery (same timestamp, same value) is ignored.</item>
/// <item>Gaps are not filled: the next sample is judged against what was learned before the gap; the daily
/// profile is keyed by wall-clock time, so it stays aligned across a gap.</item>
/// <item>A cumulative counter (<paramref name="cumulative"/>) is watched as its per-sample increase; when it
/// goes down (a restart) that sample is skipped and counting resumes from the new value.</item>
/// <item>A constant series has zero spread: it scores 0 while constant and any real move is surprising.</item>
/// <item>A series that starts mid-incident learns the incident as normal; when it ends, the return is reported
/// as a change and the baselines re-learn, so the anomaly closes on its own.</item>
/// </list>
/// </summary>
public sealed class SeriesDetector
{
    private const ushort Magic = 0x4456; // "VD"
    private const byte Version = 2; // 2: the calibrator counts recent large surprises

    private readonly string _series;
    private readonly bool _cumulative;
    private readonly AnomalyScorer _scorer;
    private readonly AnomalyTracker _tracker;
    private long _count;
    private long _lastUnixMs = long.MinValue;
    private double _lastValue = double.NaN;
    private double _lastRaw = double.NaN;
    private long _sinceUnixMs;
    private double _openScore;
    private double _maxScore;

    /// <param name="series">How the series is named in explanations, e.g. <c>system.cpu.utilization{cpu=0}</c>.</param>
    public SeriesDetector(string series, DetectionOptions options, bool cumulative = false)
    {
        options.Validate();
        _series = series;
        Options = options;
        _cumulative = cumulative;
        _scorer = new AnomalyScorer(options.Detectors);
        _tracker = new AnomalyTracker(options);
    }

    public DetectionOptions Options { get; }

    /// <summary>Samples learned so far (valid, non-duplicate).</summary>
    public long Count => _count;

    public bool IsOpen => _tracker.IsOpen;

    public DetectionResult Observe(long unixMs, double value)
    {
        if (!double.IsFinite(value))
        {
            return new DetectionResult(SampleStatus.Invalid, 0, 0, null);
        }
        if (unixMs == _lastUnixMs && value.Equals(_lastRaw))
        {
            return new DetectionResult(SampleStatus.Duplicate, 0, 0, null);
        }
        _lastUnixMs = unixMs;
        if (_cumulative)
        {
            var previous = _lastRaw;
            _lastRaw = value;
            if (double.IsNaN(previous))
            {
                return new DetectionResult(SampleStatus.WarmingUp, 0, 0, null);
            }
            if (value < previous)
            {
                return new DetectionResult(SampleStatus.CounterReset, 0, 0, null);
            }
            value -= previous;
        }
        else
        {
            _lastRaw = value;
        }
        var score = _scorer.Observe(unixMs, value);
        _count++;
        if (_count <= Options.WarmUp)
        {
            return new DetectionResult(SampleStatus.WarmingUp, 0, 0, null);
        }
        var alert = _tracker.CanOpen ? score : score / 2;
        var step = _tracker.Step(score);
        AnomalyEvent? anomaly = null;
        if (step == TrackerStep.Opened)
        {
            _sinceUnixMs = unixMs;
            _openScore = score;
            _maxScore = score;
            anomaly = Describe(opened: true, unixMs, value, score);
        }
        else if (_tracker.IsOpen)
        {
            _maxScore = Math.Max(_maxScore, score);
            if (_tracker.NormalRun == 1)
            {
                _lastValue = value;
            }
        }
        else if (step == TrackerStep.Closed)
        {
            anomaly = Describe(opened: false, unixMs, Options.CloseAfter == 1 ? value : _lastValue, _maxScore);
        }
        return new DetectionResult(SampleStatus.Scored, score, alert, anomaly);
    }

    private AnomalyEvent Describe(bool opened, long unixMs, double observed, double score)
    {
        var fired = new List<string>(_scorer.Count);
        var pThreshold = 1 - Options.Threshold;
        for (var i = 0; i < _scorer.Count; i++)
        {
            if (_scorer.AdjustedProbability(i) <= pThreshold)
            {
                fired.Add(_scorer.NameOf(i));
            }
        }
        var top = _scorer.MostSurprised();
        if (opened && fired.Count == 0)
        {
            fired.Add(_scorer.NameOf(top));
        }
        var reading = _scorer.Reading(top);
        return new AnomalyEvent
        {
            Opened = opened,
            SinceUnixMs = _sinceUnixMs,
            AtUnixMs = unixMs,
            Observed = observed,
            ExpectedLow = reading.ExpectedLow,
            ExpectedHigh = reading.ExpectedHigh,
            Score = opened ? _openScore : score,
            Detectors = fired,
            Message = Explanation.Format(_series, opened, observed, reading.ExpectedLow, reading.ExpectedHigh, _sinceUnixMs, unixMs, score, fired),
        };
    }

    /// <summary>Writes the whole state (versioned, little-endian); <see cref="Restore"/> reads it back.</summary>
    public void Save(StateWriter writer)
    {
        writer.WriteUInt16(Magic);
        writer.WriteByte(Version);
        writer.WriteByte(_cumulative ? (byte)1 : (byte)0);
        writer.WriteInt64(_count);
        writer.WriteInt64(_lastUnixMs);
        writer.WriteDouble(_lastRaw);
        writer.WriteDouble(_lastValue);
        writer.WriteInt64(_sinceUnixMs);
        writer.WriteDouble(_openScore);
        writer.WriteDouble(_maxScore);
        _tracker.Save(writer);
        _scorer.Save(writer);
    }

    /// <summary>Restores what <see cref="Save"/> wrote, or throws <see cref="InvalidStateException"/> leaving this detector as it was.</summary>
    public void Restore(ReadOnlySpan<byte> state)
    {
        var probe = new SeriesDetector(_series, Options, _cumulative);
        probe.RestoreInto(state);
        RestoreInto(state);
    }

    private void RestoreInto(ReadOnlySpan<byte> state)
    {
        var reader = new StateReader(state);
        if (reader.ReadUInt16() != Magic)
        {
            throw new InvalidStateException("not detector state (bad magic)");
        }
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidStateException($"detector state version {version}, this build reads {Version}");
        }
        if ((reader.ReadByte() != 0) != _cumulative)
        {
            throw new InvalidStateException("detector state is for a series of another kind (cumulative or not)");
        }
        _count = reader.ReadInt64();
        _lastUnixMs = reader.ReadInt64();
        _lastRaw = reader.ReadDouble();
        _lastValue = reader.ReadDouble();
        _sinceUnixMs = reader.ReadInt64();
        _openScore = reader.ReadState();
        _maxScore = reader.ReadState();
        _tracker.Restore(ref reader);
        _scorer.Restore(ref reader);
        if (reader.Remaining != 0)
        {
            throw new InvalidStateException($"{reader.Remaining} unexpected bytes after the detector state");
        }
    }
}

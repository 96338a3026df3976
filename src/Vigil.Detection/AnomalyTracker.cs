using Vigil.Detection.State;

namespace Vigil.Detection;

/// <summary>
/// The open/close lifecycle of anomalies on one series, so they do not flap. An anomaly opens after
/// <see cref="DetectionOptions.OpenAfter"/> consecutive samples at or above the threshold (debounce), closes only
/// after <see cref="DetectionOptions.CloseAfter"/> consecutive samples below the lower
/// <see cref="DetectionOptions.CloseThreshold"/> (hysteresis), and no new anomaly opens within
/// <see cref="DetectionOptions.Quiet"/> samples of the last opening: one incident, one record pair.
/// </summary>
public sealed class AnomalyTracker
{
    private readonly DetectionOptions _options;
    private int _pending;
    private int _normalRun;
    private long _sinceOpen = long.MaxValue / 2;

    public AnomalyTracker(DetectionOptions options) => _options = options;

    public bool IsOpen { get; private set; }

    /// <summary>True when a sample at or above the threshold would open an anomaly now.</summary>
    public bool CanOpen => !IsOpen && _sinceOpen >= _options.Quiet && _pending + 1 >= _options.OpenAfter;

    /// <summary>Consecutive normal samples so far in an open anomaly (1 on the first value back in range).</summary>
    public int NormalRun => _normalRun;

    /// <summary>Feeds one scored sample; says whether it opened or closed an anomaly.</summary>
    public TrackerStep Step(double score)
    {
        if (_sinceOpen < long.MaxValue / 2)
        {
            _sinceOpen++;
        }
        if (IsOpen)
        {
            _normalRun = score < _options.CloseThreshold ? _normalRun + 1 : 0;
            if (_normalRun >= _options.CloseAfter)
            {
                IsOpen = false;
                _normalRun = 0;
                return TrackerStep.Closed;
            }
            return TrackerStep.None;
        }
        _pending = score >= _options.Threshold ? _pending + 1 : 0;
        if (_pending >= _options.OpenAfter && _sinceOpen >= _options.Quiet)
        {
            IsOpen = true;
            _pending = 0;
            _normalRun = 0;
            _sinceOpen = 0;
            return TrackerStep.Opened;
        }
        return TrackerStep.None;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteByte(IsOpen ? (byte)1 : (byte)0);
        writer.WriteInt32(_pending);
        writer.WriteInt32(_normalRun);
        writer.WriteInt64(_sinceOpen);
    }

    public void Restore(ref StateReader reader)
    {
        IsOpen = reader.ReadByte() != 0;
        _pending = reader.ReadInt32();
        _normalRun = reader.ReadInt32();
        _sinceOpen = reader.ReadInt64();
        if (_pending < 0 || _normalRun < 0 || _sinceOpen < 0)
        {
            throw new InvalidStateException("anomaly tracker counters are corrupt");
        }
    }
}

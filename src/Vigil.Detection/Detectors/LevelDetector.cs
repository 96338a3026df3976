using Vigil.Detection.State;

namespace Vigil.Detection.Detectors;

/// <summary>
/// Robust level and spread: an exponentially weighted mean and mean absolute deviation, each updated with the
/// deviation clipped at <see cref="Clip"/> spreads (Huber), so a spike is flagged without dragging the baseline.
/// Surprise is the distance from the level in spreads. Catches spikes and dips. State: three numbers.
/// </summary>
public sealed class LevelDetector : IDetector
{
    /// <summary>Memory of the level, in samples.</summary>
    public const double Horizon = 64;

    /// <summary>Deviations beyond this many spreads are learned as if they were this large.</summary>
    public const double Clip = 3;

    /// <summary>Samples before an opinion: until then level and spread are still settling, not yet evidence.</summary>
    public const int MinSamples = 32;

    private long _count;
    private double _mean;
    private double _spread;

    public string Name => KnownDetectors.Level;

    public DetectorReading Observe(long unixMs, double value)
    {
        var reading = DetectorReading.None;
        var deviation = value - _mean;
        if (_count >= MinSamples)
        {
            var spread = Math.Max(_spread, Ewm.Floor(_mean));
            reading = new DetectorReading(Math.Abs(deviation) / spread, _mean - Clip * spread, _mean + Clip * spread);
        }
        var alpha = Ewm.Alpha(_count, Horizon);
        if (_count == 0)
        {
            _mean = value;
        }
        else
        {
            var limit = _count < Horizon / 4 ? Math.Abs(deviation) : Clip * _spread;
            var clipped = Math.Clamp(deviation, -limit, limit);
            _mean += alpha * clipped;
            _spread += alpha * (Math.Abs(clipped) - _spread);
        }
        _count++;
        return reading;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteInt64(_count);
        writer.WriteDouble(_mean);
        writer.WriteDouble(_spread);
    }

    public void Restore(ref StateReader reader)
    {
        _count = reader.ReadInt64();
        _mean = reader.ReadState();
        _spread = reader.ReadState();
    }
}

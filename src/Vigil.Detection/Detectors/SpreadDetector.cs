using Vigil.Detection.State;

namespace Vigil.Detection.Detectors;

/// <summary>
/// Volatility change: the typical step between consecutive samples, |x(t) - x(t-1)|, over a short horizon
/// against a long one. Steps ignore the level and most of a slow daily curve, so this sees a series turning
/// jittery or bursty (or going flat) when its level looks normal. Surprise is the short-to-long ratio,
/// or its inverse when the series calmed down. State: four numbers.
/// </summary>
public sealed class SpreadDetector : IDetector
{
    /// <summary>Memory of the recent step size, in samples.</summary>
    public const double FastHorizon = 16;

    /// <summary>Memory of the usual step size, in samples.</summary>
    public const double SlowHorizon = 512;

    private long _count;
    private double _last;
    private double _fast;
    private double _slow;

    public string Name => KnownDetectors.Spread;

    public DetectorReading Observe(long unixMs, double value)
    {
        var reading = DetectorReading.None;
        if (_count > 0)
        {
            var step = Math.Abs(value - _last);
            _fast += Ewm.Alpha(_count - 1, FastHorizon) * (step - _fast);
            if (_count > FastHorizon)
            {
                var usual = Math.Max(_slow, Ewm.Floor(_last));
                var recent = Math.Max(_fast, Ewm.Floor(_last));
                var ratio = recent / usual;
                reading = new DetectorReading(Math.Max(ratio, 1 / ratio) - 1, _last - 3 * usual, _last + 3 * usual);
            }
            _slow += Ewm.Alpha(_count - 1, SlowHorizon) * (step - _slow);
        }
        _last = value;
        _count++;
        return reading;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteInt64(_count);
        writer.WriteDouble(_last);
        writer.WriteDouble(_fast);
        writer.WriteDouble(_slow);
    }

    public void Restore(ref StateReader reader)
    {
        _count = reader.ReadInt64();
        _last = reader.ReadState();
        _fast = reader.ReadState();
        _slow = reader.ReadState();
    }
}

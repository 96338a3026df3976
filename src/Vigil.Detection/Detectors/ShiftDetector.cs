using Vigil.Detection.State;

namespace Vigil.Detection.Detectors;

/// <summary>
/// Change point: a fast exponentially weighted mean against a slow baseline, the gap measured in standard errors
/// of the fast mean (the baseline's spread times sqrt(a / (2 - a)) for smoothing factor a). A level shift or a slow
/// drift that the level detector absorbs sample by sample still opens a gap here. State: five numbers.
/// </summary>
public sealed class ShiftDetector : IDetector
{
    /// <summary>Memory of the fast mean, in samples.</summary>
    public const double FastHorizon = 8;

    /// <summary>Memory of the baseline and its spread, in samples.</summary>
    public const double SlowHorizon = 256;

    private static readonly double StandardError = Math.Sqrt((1 / FastHorizon) / (2 - 1 / FastHorizon));

    /// <summary>Samples before an opinion: until then the baseline's spread is still settling.</summary>
    public const int MinSamples = 32;

    private long _count;
    private double _fast;
    private double _slow;
    private double _spread;

    public string Name => KnownDetectors.Shift;

    public DetectorReading Observe(long unixMs, double value)
    {
        var reading = DetectorReading.None;
        if (_count == 0)
        {
            _fast = value;
            _slow = value;
        }
        else
        {
            _fast += Ewm.Alpha(_count, FastHorizon) * (value - _fast);
            if (_count >= MinSamples)
            {
                var spread = Math.Max(_spread, Ewm.Floor(_slow)) * 1.2533;
                var error = spread * StandardError;
                reading = new DetectorReading(Math.Abs(_fast - _slow) / error, _slow - 3 * spread, _slow + 3 * spread);
            }
            var alpha = Ewm.Alpha(_count, SlowHorizon);
            _spread += alpha * (Math.Abs(value - _slow) - _spread);
            _slow += alpha * (value - _slow);
        }
        _count++;
        return reading;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteInt64(_count);
        writer.WriteDouble(_fast);
        writer.WriteDouble(_slow);
        writer.WriteDouble(_spread);
    }

    public void Restore(ref StateReader reader)
    {
        _count = reader.ReadInt64();
        _fast = reader.ReadState();
        _slow = reader.ReadState();
        _spread = reader.ReadState();
    }
}

using Vigil.Detection.State;

namespace Vigil.Detection.Detectors;

/// <summary>
/// Excursion rate: how often the series leaves its usual band (beyond <see cref="Band"/> robust spreads of a slow
/// level), recently against in the long run. Spikes a series always has are its normal; spikes coming much more
/// often than they used to (a load balancer flapping, retries piling up) are not, even when each one alone is no
/// taller than the usual. Surprise is the recent rate's excess in standard errors of the long-run rate; while the
/// recent rate is at or below the long-run one the detector has no opinion, so it does not dilute the others'
/// (the combination counts only detectors with an opinion). State: five numbers.
/// </summary>
public sealed class BurstDetector : IDetector
{
    /// <summary>A sample beyond this many robust spreads of the slow level is an excursion.</summary>
    public const double Band = 4;

    /// <summary>Memory of the level and spread the band is drawn around, in samples.</summary>
    public const double LevelHorizon = 256;

    /// <summary>Memory of the recent excursion rate, in samples.</summary>
    public const double RecentHorizon = 32;

    /// <summary>The band is at least this share of the level wide, so float-sized steps on a flat series are not excursions.</summary>
    public const double RelativeFloor = 0.01;

    /// <summary>Memory of the long-run excursion rate, in samples.</summary>
    public const double LongHorizon = 2048;

    /// <summary>Samples before an opinion: the long-run rate needs a few hundred samples to mean anything.</summary>
    public const int MinSamples = 256;

    private long _count;
    private double _mean;
    private double _spread;
    private double _recent;
    private double _long;

    public string Name => KnownDetectors.Burst;

    public DetectorReading Observe(long unixMs, double value)
    {
        var deviation = value - _mean;
        var spread = Math.Max(_spread, RelativeFloor * Math.Abs(_mean) + 1e-12);
        var outside = _count > 0 && Math.Abs(deviation) > Band * spread ? 1.0 : 0.0;
        var reading = DetectorReading.None;
        if (_count >= MinSamples)
        {
            var recent = _recent + (outside - _recent) / RecentHorizon;
            var baseline = _long + 1 / LongHorizon;
            var error = Math.Sqrt(baseline / RecentHorizon);
            if (recent > baseline)
            {
                reading = new DetectorReading((recent - baseline) / error, _mean - Band * spread, _mean + Band * spread);
            }
        }
        if (_count == 0)
        {
            _mean = value;
        }
        else
        {
            var alpha = Ewm.Alpha(_count, LevelHorizon);
            var limit = _count < 16 ? Math.Abs(deviation) : 3 * _spread;
            var clipped = Math.Clamp(deviation, -limit, limit);
            _mean += alpha * clipped;
            _spread += alpha * (Math.Abs(clipped) - _spread);
        }
        _recent += Ewm.Alpha(_count, RecentHorizon) * (outside - _recent);
        _long += Ewm.Alpha(_count, LongHorizon) * (outside - _long);
        _count++;
        return reading;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteInt64(_count);
        writer.WriteDouble(_mean);
        writer.WriteDouble(_spread);
        writer.WriteDouble(_recent);
        writer.WriteDouble(_long);
    }

    public void Restore(ref StateReader reader)
    {
        _count = reader.ReadInt64();
        _mean = reader.ReadState();
        _spread = reader.ReadState();
        _recent = reader.ReadState();
        _long = reader.ReadState();
    }
}

using Vigil.Detection.State;

namespace Vigil.Detection.Detectors;

/// <summary>
/// Shape novelty: the last <see cref="Width"/> samples, centred on their own mean and scaled by the series'
/// usual spread, form a shape; <see cref="Prototypes"/> remembered shapes are kept (each pulled towards the
/// shapes it matches, the least recently matched one replaced by a shape that matches none). Surprise is the
/// distance to the nearest remembered shape, per sample of the window: a pattern the series has not shown before.
/// State: fixed, about 1 KiB.
/// </summary>
public sealed class PatternDetector : IDetector
{
    public const int Width = 8;
    public const int Prototypes = 24;

    /// <summary>Memory of the usual spread, in samples.</summary>
    public const double Horizon = 512;

    /// <summary>Distance (per sample, in spreads) within which a shape matches a remembered one.</summary>
    public const double Vigilance = 0.5;

    private readonly float[] _window = new float[Width];
    private readonly float[] _prototypes = new float[Width * Prototypes];
    private readonly int[] _lastUsed = new int[Prototypes];
    private readonly float[] _shape = new float[Width];
    private long _count;
    private int _stored;
    private double _mean;
    private double _spread;

    public string Name => KnownDetectors.Pattern;

    public DetectorReading Observe(long unixMs, double value)
    {
        var reading = DetectorReading.None;
        var deviation = value - _mean;
        if (_count == 0)
        {
            _mean = value;
        }
        else
        {
            var alpha = Ewm.Alpha(_count, Horizon);
            _mean += alpha * deviation;
            _spread += alpha * (Math.Abs(deviation) - _spread);
        }
        _window[(int)(_count % Width)] = (float)value;
        _count++;
        if (_count < Width)
        {
            return reading;
        }
        var scale = Math.Max(_spread, Ewm.Floor(_mean));
        var center = 0.0;
        for (var i = 0; i < Width; i++)
        {
            center += _window[i];
        }
        center /= Width;
        var start = (int)(_count % Width);
        for (var i = 0; i < Width; i++)
        {
            _shape[i] = (float)((_window[(start + i) % Width] - center) / scale);
        }
        var best = -1;
        var bestDistance = double.MaxValue;
        for (var p = 0; p < _stored; p++)
        {
            var d = 0.0;
            var offset = p * Width;
            for (var i = 0; i < Width; i++)
            {
                var diff = _shape[i] - _prototypes[offset + i];
                d += diff * diff;
            }
            if (d < bestDistance)
            {
                bestDistance = d;
                best = p;
            }
        }
        var tick = (int)(_count & int.MaxValue);
        if (best >= 0 && _count >= 4 * Width)
        {
            reading = new DetectorReading(Math.Sqrt(bestDistance / Width), _mean - 3 * scale, _mean + 3 * scale);
        }
        if (best >= 0 && Math.Sqrt(bestDistance / Width) <= Vigilance)
        {
            var offset = best * Width;
            for (var i = 0; i < Width; i++)
            {
                _prototypes[offset + i] += 0.125f * (_shape[i] - _prototypes[offset + i]);
            }
            _lastUsed[best] = tick;
        }
        else
        {
            var slot = _stored < Prototypes ? _stored++ : Oldest();
            _shape.CopyTo(_prototypes.AsSpan(slot * Width, Width));
            _lastUsed[slot] = tick;
        }
        return reading;
    }

    private int Oldest()
    {
        var oldest = 0;
        for (var p = 1; p < Prototypes; p++)
        {
            if (_lastUsed[p] < _lastUsed[oldest])
            {
                oldest = p;
            }
        }
        return oldest;
    }

    public void Save(StateWriter writer)
    {
        writer.WriteInt64(_count);
        writer.WriteInt32(_stored);
        writer.WriteDouble(_mean);
        writer.WriteDouble(_spread);
        foreach (var v in _window)
        {
            writer.WriteSingle(v);
        }
        foreach (var v in _prototypes)
        {
            writer.WriteSingle(v);
        }
        foreach (var v in _lastUsed)
        {
            writer.WriteInt32(v);
        }
    }

    public void Restore(ref StateReader reader)
    {
        _count = reader.ReadInt64();
        _stored = reader.ReadInt32();
        if (_count < 0 || _stored < 0 || _stored > Prototypes)
        {
            throw new InvalidStateException("pattern detector counters are corrupt");
        }
        _mean = reader.ReadState();
        _spread = reader.ReadState();
        for (var i = 0; i < _window.Length; i++)
        {
            _window[i] = reader.ReadSingle();
        }
        for (var i = 0; i < _prototypes.Length; i++)
        {
            _prototypes[i] = reader.ReadSingle();
        }
        for (var i = 0; i < _lastUsed.Length; i++)
        {
            _lastUsed[i] = reader.ReadInt32();
        }
    }
}

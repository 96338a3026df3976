using Vigil.Detection.State;

namespace Vigil.Detection.Detectors;

/// <summary>
/// Daily profile: the day (UTC) is cut into <see cref="Buckets"/> slots, each with its own exponentially weighted
/// level and mean absolute deviation, learned online. Surprise is the distance from the slot's level in the
/// slot's spreads, once the slot has seen <see cref="MinSamples"/> samples on at least <see cref="MinDays"/>
/// different days, so that a slot is never judged by the minutes just before alone. Catches what is normal at 03:00 but not at 15:00: a nightly batch that did not
/// run, a daytime peak that came at night. State: 96 slots of 15 bytes; slots are single precision, so the
/// spread is never taken below a millionth of the level.
/// </summary>
public sealed class DailyDetector : IDetector
{
    public const int Buckets = 96;

    /// <summary>Memory of each slot, in samples of that slot.</summary>
    public const double Horizon = 16;

    /// <summary>Samples a slot must have seen before it has an opinion.</summary>
    public const int MinSamples = 4;

    /// <summary>Different days a slot must have been seen on before it has an opinion: never judged by today alone.</summary>
    public const int MinDays = 2;

    private const long DayMs = 86_400_000;

    private readonly float[] _mean = new float[Buckets];
    private readonly float[] _spread = new float[Buckets];
    private readonly uint[] _count = new uint[Buckets];
    private readonly byte[] _days = new byte[Buckets];
    private readonly ushort[] _lastDay = new ushort[Buckets];

    public string Name => KnownDetectors.Daily;

    public DetectorReading Observe(long unixMs, double value)
    {
        var slot = (int)(((unixMs % DayMs) + DayMs) % DayMs * Buckets / DayMs);
        var day = (ushort)Math.Floor(unixMs / (double)DayMs);
        var count = _count[slot];
        double mean = _mean[slot];
        double spread = _spread[slot];
        var reading = DetectorReading.None;
        if (count == 0 || day != _lastDay[slot])
        {
            _days[slot] = (byte)Math.Min(255, _days[slot] + 1);
            _lastDay[slot] = day;
        }
        if (_days[slot] >= MinDays && count >= MinSamples)
        {
            var s = Math.Max(spread, 1e-6 * Math.Abs(mean) + 1e-12);
            reading = new DetectorReading(Math.Abs(value - mean) / s, mean - 3 * s, mean + 3 * s);
        }
        if (count == 0)
        {
            _mean[slot] = (float)value;
        }
        else
        {
            var alpha = Ewm.Alpha(count, Horizon);
            var deviation = value - mean;
            var limit = count < MinSamples ? Math.Abs(deviation) : LevelDetector.Clip * spread;
            var clipped = Math.Clamp(deviation, -limit, limit);
            _mean[slot] = (float)(mean + alpha * clipped);
            _spread[slot] = (float)(spread + alpha * (Math.Abs(clipped) - spread));
        }
        if (count < uint.MaxValue)
        {
            _count[slot] = count + 1;
        }
        return reading;
    }

    public void Save(StateWriter writer)
    {
        for (var i = 0; i < Buckets; i++)
        {
            writer.WriteSingle(_mean[i]);
            writer.WriteSingle(_spread[i]);
            writer.WriteInt32(unchecked((int)_count[i]));
            writer.WriteByte(_days[i]);
            writer.WriteUInt16(_lastDay[i]);
        }
    }

    public void Restore(ref StateReader reader)
    {
        for (var i = 0; i < Buckets; i++)
        {
            _mean[i] = reader.ReadSingle();
            _spread[i] = reader.ReadSingle();
            _count[i] = unchecked((uint)reader.ReadInt32());
            _days[i] = reader.ReadByte();
            _lastDay[i] = reader.ReadUInt16();
            if (!float.IsFinite(_mean[i]) || !float.IsFinite(_spread[i]))
            {
                throw new InvalidStateException($"daily slot {i} is corrupt");
            }
        }
    }
}

namespace Vigil.Agent.Pipeline;

/// <summary>
/// Turns cumulative counters into per-second rates. A counter that went down either wrapped (a 32-bit kernel
/// counter passing 2^32) or was reset (a driver reloaded, a device re-created); a wrap is assumed only when the
/// previous value fits in 32 bits and the wrapped delta is plausible, otherwise the new value is the count since
/// the reset. Series not seen in a run are forgotten, so a device that vanishes and returns starts afresh.
/// </summary>
public sealed class CounterRates
{
    private const double TwoPow32 = 4294967296.0;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _generation;

    public int TrackedSeries => _entries.Count;

    /// <summary>Returns the rate since the previous observation of <paramref name="seriesKey"/>, or null on the first.</summary>
    public double? Observe(string seriesKey, double value, long timestampMs)
    {
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_entries, seriesKey, out var existed);
        double? rate = null;
        if (existed && timestampMs > entry.TimestampMs && double.IsFinite(value))
        {
            var delta = Delta(entry.Value, value);
            rate = delta / ((timestampMs - entry.TimestampMs) / 1000.0);
        }
        entry = new Entry(value, timestampMs, _generation);
        return rate;
    }

    /// <summary>The increase from <paramref name="previous"/> to <paramref name="current"/>, across a wrap or reset.</summary>
    public static double Delta(double previous, double current)
    {
        if (current >= previous)
        {
            return current - previous;
        }
        if (previous < TwoPow32)
        {
            var wrapped = current + TwoPow32 - previous;
            if (wrapped < TwoPow32 / 2)
            {
                return wrapped;
            }
        }
        return current;
    }

    /// <summary>Call after each collector run: forgets series that the run did not report.</summary>
    public void EndRun()
    {
        if (_entries.Count > 0)
        {
            List<string>? stale = null;
            foreach (var (key, entry) in _entries)
            {
                if (entry.Generation != _generation)
                {
                    (stale ??= []).Add(key);
                }
            }
            if (stale is not null)
            {
                foreach (var key in stale)
                {
                    _entries.Remove(key);
                }
            }
        }
        _generation++;
    }

    private record struct Entry(double Value, long TimestampMs, int Generation);
}

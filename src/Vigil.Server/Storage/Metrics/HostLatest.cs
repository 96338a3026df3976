namespace Vigil.Server.Storage.Metrics;

/// <summary>Newest value and its time per series index of one host. See <see cref="LatestValues"/>.</summary>
public sealed class HostLatest
{
    private readonly Lock _gate = new();
    private double[] _values = [];
    private long[] _times = [];
    private bool _seeded;

    /// <summary>True once the host's stored frames were read in, so a missing series has no recent value.</summary>
    public bool IsSeeded
    {
        get
        {
            lock (_gate)
            {
                return _seeded;
            }
        }
    }

    public void Observe(ReadOnlySpan<FrameSample> samples)
    {
        lock (_gate)
        {
            foreach (var sample in samples)
            {
                EnsureCapacity(sample.Series);
                // Equal times: the later sample in commit order wins, as it would in a rollup's "last".
                if (sample.TimestampMs >= _times[sample.Series])
                {
                    _times[sample.Series] = sample.TimestampMs;
                    _values[sample.Series] = sample.Value;
                }
            }
        }
    }

    /// <summary>Observes samples read from storage, then marks the host seeded.</summary>
    public void Seed(ReadOnlySpan<FrameSample> samples)
    {
        Observe(samples);
        lock (_gate)
        {
            _seeded = true;
        }
    }

    public bool TryGet(int series, out double value)
    {
        lock (_gate)
        {
            if (series < _times.Length && _times[series] != long.MinValue)
            {
                value = _values[series];
                return true;
            }
            value = 0;
            return false;
        }
    }

    private void EnsureCapacity(int series)
    {
        if (series < _times.Length)
        {
            return;
        }
        var size = Math.Max(series + 1, Math.Max(16, _times.Length * 2));
        var old = _times.Length;
        Array.Resize(ref _values, size);
        Array.Resize(ref _times, size);
        _times.AsSpan(old).Fill(long.MinValue);
    }
}

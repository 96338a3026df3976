namespace Vigil.LoadGen;

/// <summary>
/// What the simulated agents observed. Counts cover the whole run (warm-up included, for the loss check); latencies,
/// lags and wire bytes only the measured window after the warm-up.
/// </summary>
public sealed class RunRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _latencyMs = new(1 << 16);
    private readonly List<double> _lagMs = new(1 << 16);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private long _sent;
    private long _acked;
    private long _failed;
    private long _measuredSent;
    private long _measuredAcked;
    private long _bodyBytes;
    private long _wireSent;
    private long _wireReceived;
    private long _retried;
    private long _measuredRetried;
    private double _windowMaxMs;

    public long Sent => Interlocked.Read(ref _sent);
    public long Acked => Interlocked.Read(ref _acked);
    public long Failed => Interlocked.Read(ref _failed);
    public long MeasuredSent => Interlocked.Read(ref _measuredSent);
    public long MeasuredAcked => Interlocked.Read(ref _measuredAcked);
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);
    public long WireSentBytes => Interlocked.Read(ref _wireSent);
    public long WireReceivedBytes => Interlocked.Read(ref _wireReceived);

    public long Retried => Interlocked.Read(ref _retried);
    public long MeasuredRetried => Interlocked.Read(ref _measuredRetried);

    public void Started() => Interlocked.Increment(ref _sent);

    /// <summary>An attempt failed in a way the agent retries (no answer, a timeout, 5xx); the batch is sent again.</summary>
    public void Retrying(bool measured, string failure)
    {
        Interlocked.Increment(ref _retried);
        if (measured)
        {
            Interlocked.Increment(ref _measuredRetried);
        }
        lock (_gate)
        {
            var key = "retried after: " + failure;
            _failures[key] = _failures.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>The slowest acknowledgement since the last call (for progress lines).</summary>
    public double TakeWindowMax()
    {
        lock (_gate)
        {
            var max = _windowMaxMs;
            _windowMaxMs = 0;
            return max;
        }
    }

    /// <summary>One answered or failed request. <paramref name="failure"/> is null for a 200.</summary>
    public void Finished(bool measured, string? failure, double latencyMs, double lagMs, int bodyBytes, long wireSent, long wireReceived)
    {
        if (failure is null)
        {
            Interlocked.Increment(ref _acked);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            lock (_gate)
            {
                _failures[failure] = _failures.GetValueOrDefault(failure) + 1;
            }
        }
        if (!measured)
        {
            lock (_gate)
            {
                _windowMaxMs = Math.Max(_windowMaxMs, latencyMs);
            }
            return;
        }
        Interlocked.Increment(ref _measuredSent);
        Interlocked.Add(ref _bodyBytes, bodyBytes);
        Interlocked.Add(ref _wireSent, wireSent);
        Interlocked.Add(ref _wireReceived, wireReceived);
        lock (_gate)
        {
            _lagMs.Add(lagMs);
            _windowMaxMs = Math.Max(_windowMaxMs, latencyMs);
            if (failure is null)
            {
                _measuredAcked++;
                _latencyMs.Add(latencyMs);
            }
        }
    }

    public (double[] Latencies, double[] Lags, Dictionary<string, int> Failures) Snapshot()
    {
        lock (_gate)
        {
            return ([.. _latencyMs], [.. _lagMs], new Dictionary<string, int>(_failures));
        }
    }
}

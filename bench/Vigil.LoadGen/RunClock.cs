using System.Diagnostics;

namespace Vigil.LoadGen;

/// <summary>
/// When the measured window starts and the run ends (Stopwatch timestamps). Both are open until every agent has had
/// its first batch acknowledged: connecting thousands of agents at once (TLS handshakes, each host's first batch
/// creating its series) is a start-up cost, not the steady load this measures. Then the warm-up runs, then the window.
/// </summary>
public sealed class RunClock
{
    private long _measureFrom = long.MaxValue;
    private long _end = long.MaxValue;
    private int _connected;

    public long MeasureFrom => Volatile.Read(ref _measureFrom);
    public long End => Volatile.Read(ref _end);
    public bool Started => MeasureFrom != long.MaxValue;

    private readonly TaskCompletionSource _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every agent's first batch was acknowledged.</summary>
    public Task AllConnected => _allConnected.Task;

    /// <summary>An agent's first batch was acknowledged.</summary>
    public void Connected(int agents)
    {
        if (Interlocked.Increment(ref _connected) == agents)
        {
            _allConnected.TrySetResult();
        }
    }

    public void Start(TimeSpan warmup, TimeSpan duration)
    {
        var from = Stopwatch.GetTimestamp() + Ticks(warmup);
        Volatile.Write(ref _end, from + Ticks(duration));
        Volatile.Write(ref _measureFrom, from);
    }

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

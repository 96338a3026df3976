using Vigil.Agent.Health;
using Vigil.Protocol;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// Runs collectors when they are due, one at a time on the thread pool, so a collector that throws, overruns its
/// budget or hangs costs only itself: it is reported through <see cref="HealthTracker"/> and backed off
/// (interval × 2, × 4 ... up to × 32), while the others keep their schedule.
/// </summary>
public sealed class CollectorScheduler
{
    private readonly IReadOnlyList<ScheduledCollector> _collectors;
    private readonly TimeProvider _time;
    private readonly HealthTracker _health;
    private readonly AgentStatus _status;

    public CollectorScheduler(IReadOnlyList<ScheduledCollector> collectors, TimeProvider time, HealthTracker health, AgentStatus status)
    {
        _collectors = collectors;
        _time = time;
        _health = health;
        _status = status;
        var now = time.GetUtcNow();
        foreach (var c in collectors)
        {
            c.NextDue = now;
            _status.Collectors[c.Name] = new CollectorStatus();
        }
    }

    public IReadOnlyList<ScheduledCollector> Collectors => _collectors;

    /// <summary>Time until the earliest collector is due (zero if one is due now).</summary>
    public TimeSpan UntilNextDue()
    {
        var now = _time.GetUtcNow();
        var next = DateTimeOffset.MaxValue;
        foreach (var c in _collectors)
        {
            if (!c.Shed && c.NextDue < next)
            {
                next = c.NextDue;
            }
        }
        return next == DateTimeOffset.MaxValue ? TimeSpan.FromSeconds(1) : next <= now ? TimeSpan.Zero : next - now;
    }

    /// <summary>Runs every collector that is due (all of them when <paramref name="all"/>) and returns the results of those that finished.</summary>
    public async Task<List<CollectorRunResult>> RunDueAsync(CancellationToken cancellationToken, bool all = false)
    {
        var results = new List<CollectorRunResult>();
        foreach (var c in _collectors)
        {
            if (c.Shed || (!all && c.NextDue > _time.GetUtcNow()) || IsStillStuck(c))
            {
                continue;
            }
            var result = await RunOneAsync(c, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                results.Add(result);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        return results;
    }

    private async Task<CollectorRunResult?> RunOneAsync(ScheduledCollector c, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(c.HardTimeout);
        var run = Task.Run(() => c.Instance.RunAsync(timeout.Token), CancellationToken.None);
        CollectorRunResult result;
        try
        {
            result = await run.WaitAsync(c.HardTimeout + TimeSpan.FromSeconds(1), _time, stopping).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            c.Stuck = run;
            Backoff(c);
            _health.Report(c.Name, "run", HealthStatus.Failed, "stuck",
                $"run did not finish within {c.HardTimeout.TotalSeconds:0.#}s (budget {c.Budget.TotalMilliseconds:0}ms); not started again until it returns");
            return null;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }

        var status = _status.Collectors[c.Name];
        status.Runs++;
        status.LastDurationSeconds = result.Elapsed.TotalSeconds;
        c.AverageSeconds = c.AverageSeconds == 0 ? result.Elapsed.TotalSeconds : (0.8 * c.AverageSeconds) + (0.2 * result.Elapsed.TotalSeconds);
        ReportRun(c, result, status);
        return result;
    }

    private void ReportRun(ScheduledCollector c, CollectorRunResult result, CollectorStatus status)
    {
        if (result.Failure is { } failure)
        {
            status.Errors++;
            Backoff(c);
            var (reason, message) = Describe(failure);
            _health.Report(c.Name, "run", HealthStatus.Failed, reason, $"{message}; next try in {(c.NextDue - _time.GetUtcNow()).TotalSeconds:0}s");
        }
        else if (result.Elapsed > c.Budget)
        {
            Backoff(c);
            _health.Report(c.Name, "run", HealthStatus.Degraded, "budget_exceeded",
                $"run took {result.Elapsed.TotalMilliseconds:0}ms, budget {c.Budget.TotalMilliseconds:0}ms; interval stretched to {(c.Interval * c.BackoffMultiplier).TotalSeconds:0}s");
        }
        else
        {
            c.BackoffMultiplier = 1;
            c.NextDue = NextAligned(c);
            _health.Report(c.Name, "run", HealthStatus.Ok, "ok", "running normally");
        }

        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in result.Unavailable)
        {
            var concern = "source:" + u.Source;
            current.Add(concern);
            _health.Report(c.Name, concern, HealthStatus.Degraded, "unavailable", $"{u.Source}: {u.Reason}");
        }
        _health.Resolve(c.Name, "source:", current);

        if (result.DroppedSeries > 0)
        {
            _status.SeriesDropped(result.DroppedSeries);
            _health.Report(c.Name, "cardinality", HealthStatus.Degraded, "cardinality_limit",
                $"dropped {result.DroppedSeries} series over the limit of {c.Instance.MaxSeriesPerRun} per run");
        }
        else
        {
            _health.Report(c.Name, "cardinality", HealthStatus.Ok, "ok", "within the cardinality limit");
        }
    }

    private bool IsStillStuck(ScheduledCollector c)
    {
        if (c.Stuck is not { } stuck)
        {
            return false;
        }
        if (!stuck.IsCompleted)
        {
            return true;
        }
        c.Stuck = null;
        _health.Report(c.Name, "run", HealthStatus.Ok, "ok", "the stuck run returned; collecting again");
        return false;
    }

    private void Backoff(ScheduledCollector c)
    {
        c.BackoffMultiplier = Math.Min(c.BackoffMultiplier * 2, ScheduledCollector.MaxBackoffMultiplier);
        c.NextDue = _time.GetUtcNow() + (c.Interval * c.BackoffMultiplier);
    }

    /// <summary>Keeps a fixed rate (due += interval) so collectors sharing an interval stay in step; skips missed slots.</summary>
    private DateTimeOffset NextAligned(ScheduledCollector c)
    {
        var now = _time.GetUtcNow();
        var next = c.NextDue + c.Interval;
        return next > now ? next : now + c.Interval;
    }

    private static (string Reason, string Message) Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => ("permission_denied", e.Message),
        FileNotFoundException or DirectoryNotFoundException => ("not_present", e.Message),
        OperationCanceledException => ("cancelled", "run cancelled after overrunning its hard timeout"),
        _ => ("error", $"{e.GetType().Name}: {e.Message}"),
    };
}

using System.Diagnostics;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Compliance;

/// <summary>
/// The budget of one evaluation, owned by the thread that evaluates: <see cref="Apply"/> lowers the thread's CPU and
/// I/O priority once, <see cref="Pace"/> (called between checks) sleeps as long as needed to keep the thread's CPU
/// time within the configured share of one core. A single check (one filesystem walk) cannot be split, so the
/// share is kept over the evaluation, not within each check.
/// </summary>
public sealed class EvaluationBudget
{
    private readonly ComplianceBudgetOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly long _started = Stopwatch.GetTimestamp();
    private TimeSpan? _cpuAtStart;
    private TimeSpan _paused;
    private int _checks;
    private int? _nice;
    private bool _ioPriority;

    public EvaluationBudget(ComplianceBudgetOptions options, CancellationToken cancellation)
    {
        _options = options;
        _cancellation = cancellation;
    }

    /// <summary>An unlimited budget, for an evaluation on a thread the caller owns (the command line's <c>check run</c>).</summary>
    public static EvaluationBudget Unlimited { get; } = new(new ComplianceBudgetOptions { CpuPercent = 100, Nice = 0 }, CancellationToken.None);

    /// <summary>Lowers the calling thread's priorities as configured; call first, on the evaluating thread.</summary>
    public void Apply()
    {
        _nice = ThreadScheduling.SetNice(_options.Nice);
        _ioPriority = ThreadScheduling.SetIoPriority(_options.IoClass);
        _cpuAtStart = ThreadScheduling.CpuTime();
    }

    /// <summary>Between two checks: pauses while the thread is over its share. Throws when the evaluation is cancelled.</summary>
    public void Pace()
    {
        _checks++;
        _cancellation.ThrowIfCancellationRequested();
        if (_cpuAtStart is not { } start || ThreadScheduling.CpuTime() is not { } now)
        {
            return;
        }
        var pause = BudgetPacer.PauseFor(now - start, Stopwatch.GetElapsedTime(_started), _options.CpuPercent);
        if (pause > TimeSpan.Zero)
        {
            _paused += pause;
            if (_cancellation.WaitHandle.WaitOne(pause))
            {
                _cancellation.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>What the budget did, for logs, status and tests.</summary>
    public BudgetReport Report()
    {
        var cpu = _cpuAtStart is { } start && ThreadScheduling.CpuTime() is { } now ? now - start : (TimeSpan?)null;
        return new BudgetReport(_nice, _ioPriority, cpu, Stopwatch.GetElapsedTime(_started), _paused, _checks, _options.CpuPercent);
    }
}

/// <summary>One evaluation's cost: the nice value it ran at, whether the I/O class was applied, CPU and wall time, time spent paused.</summary>
public sealed record BudgetReport(int? Nice, bool IoPriorityApplied, TimeSpan? CpuTime, TimeSpan WallTime, TimeSpan Paused, int Checks, double CpuPercent)
{
    /// <summary>CPU time as a percentage of one core over the wall time; null when CPU time is unknown.</summary>
    public double? CpuShare => CpuTime is { } cpu && WallTime > TimeSpan.Zero ? 100 * cpu / WallTime : null;
}

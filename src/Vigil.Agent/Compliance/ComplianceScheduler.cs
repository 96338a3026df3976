using Microsoft.Extensions.Logging;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Compliance;

/// <summary>
/// When the daemon evaluates its policies: every policy after <c>startup_delay</c> (trigger <c>startup</c>), again
/// every <c>interval</c> (<c>schedule</c>), one policy when a file it read changed and then stayed quiet for
/// <c>debounce</c> (<c>file</c>), and on request from the <c>run-policy</c> action (<c>action</c>). Evaluations never
/// overlap; each runs on a fresh thread of its own under the <see cref="EvaluationBudget"/> and becomes one
/// <see cref="ComplianceRecord"/> in the <see cref="RecordInbox"/>. A policy that fails to load is reported in health
/// (component <c>compliance</c>, concern <c>policy:SOURCE</c>, with file and line) and the others keep running.
/// </summary>
public sealed partial class ComplianceScheduler : IDisposable
{
    public const string Component = "compliance";
    private readonly ComplianceOptions _options;
    private readonly IComplianceEvaluator _evaluator;
    private readonly RecordInbox _inbox;
    private readonly HealthTracker _health;
    private readonly HostPaths _paths;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, WatchedPaths> _watches = new(StringComparer.Ordinal);
    private readonly WatchedPaths _extra;
    private IReadOnlyList<string>? _policies;
    private long _evaluations;

    public ComplianceScheduler(ComplianceOptions options, IComplianceEvaluator evaluator, RecordInbox inbox, HealthTracker health, HostPaths paths, TimeProvider time, ILogger logger)
    {
        _options = options;
        _evaluator = evaluator;
        _inbox = inbox;
        _health = health;
        _paths = paths;
        _time = time;
        _logger = logger;
        _extra = new WatchedPaths(paths);
        _extra.Replace(options.Watch.Paths, []);
    }

    /// <summary>The assigned policies that loaded, by id; empty until the first load.</summary>
    public IReadOnlyList<string> Policies => _policies ?? [];

    /// <summary>Evaluations finished since start.</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>The cost of the last evaluation.</summary>
    public BudgetReport? LastBudget { get; private set; }

    /// <summary>Runs the schedule until <paramref name="stopping"/>; returns at once when compliance is disabled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        if (!_options.Enabled)
        {
            return;
        }
        try
        {
            await Task.Delay(_options.StartupDelay, _time, stopping).ConfigureAwait(false);
            var trigger = ComplianceTriggers.Startup;
            var nextFull = _time.GetUtcNow();
            var pending = new Dictionary<string, (string Path, DateTimeOffset Since)>(StringComparer.Ordinal);
            while (!stopping.IsCancellationRequested)
            {
                if (_time.GetUtcNow() >= nextFull)
                {
                    await ReloadAsync(stopping).ConfigureAwait(false);
                    foreach (var policy in Policies)
                    {
                        await TryRunAsync(policy, trigger, null, stopping).ConfigureAwait(false);
                        pending.Remove(policy);
                    }
                    trigger = ComplianceTriggers.Schedule;
                    nextFull = _time.GetUtcNow() + _options.Interval;
                }
                if (_options.Watch.Enabled)
                {
                    await RunChangedAsync(pending, stopping).ConfigureAwait(false);
                }
                var wait = nextFull - _time.GetUtcNow();
                if (_options.Watch.Enabled && _options.Watch.Poll < wait)
                {
                    wait = _options.Watch.Poll;
                }
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Evaluates one assigned policy now (or one of its checks) and ships the record; for the <c>run-policy</c>
    /// action. Waits for an evaluation in progress. Throws <see cref="ComplianceRefusedException"/> when the policy is
    /// not assigned to this host.
    /// </summary>
    public async Task<ComplianceRun> EvaluateAsync(string policy, string? check, string trigger, string? triggerPath, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            throw new ComplianceRefusedException("compliance is disabled in this host's agent.yaml (compliance.enabled: false)");
        }
        if (_policies is null)
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!Policies.Contains(policy, StringComparer.Ordinal))
        {
            throw new ComplianceRefusedException($"policy '{policy}' is not assigned to this host (assigned: {(Policies.Count == 0 ? "none" : string.Join(", ", Policies))}); compliance.policies in agent.yaml decides");
        }
        return await RunAsync(policy, check, trigger, triggerPath, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunChangedAsync(Dictionary<string, (string Path, DateTimeOffset Since)> pending, CancellationToken stopping)
    {
        var now = _time.GetUtcNow();
        foreach (var (policy, watch) in _watches)
        {
            if (watch.Changed() is { } path)
            {
                pending[policy] = (path, now);
            }
        }
        if (_extra.Changed() is { } extra)
        {
            foreach (var policy in Policies)
            {
                pending[policy] = (extra, now);
            }
        }
        foreach (var (policy, change) in pending.Where(p => now - p.Value.Since >= _options.Watch.Debounce).ToList())
        {
            pending.Remove(policy);
            LogFileChanged(change.Path, policy);
            await TryRunAsync(policy, ComplianceTriggers.File, change.Path, stopping).ConfigureAwait(false);
        }
    }

    private async Task TryRunAsync(string policy, string trigger, string? triggerPath, CancellationToken stopping)
    {
        try
        {
            await RunAsync(policy, null, trigger, triggerPath, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Reported in RunAsync; one policy's failure must not stop the others or the schedule.
        }
    }

    private async Task<ComplianceRun> RunAsync(string policy, string? check, string trigger, string? triggerPath, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var watch = _watches.TryGetValue(policy, out var w) ? w : null;
            var before = watch?.Snapshot() ?? [];
            var request = new ComplianceRequest(Guid.CreateVersion7(_time.GetUtcNow()).ToString("N"), policy, check, trigger, triggerPath);
            ComplianceEvaluation evaluation;
            BudgetReport budget;
            try
            {
                (evaluation, budget) = await OnBudgetThreadAsync(b => _evaluator.Evaluate(request, b), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (OperationCanceledException or ComplianceRefusedException))
            {
                _health.Report(Component, "evaluate:" + policy, HealthStatus.Failed, "evaluation_failed", $"{policy}: {e.Message}");
                throw;
            }
            _health.Report(Component, "evaluate:" + policy, HealthStatus.Ok, "ok", $"{policy} evaluated");
            _inbox.Add(evaluation.Record);
            if (check is null)
            {
                if (watch is null)
                {
                    _watches[policy] = watch = new WatchedPaths(_paths);
                }
                watch.Replace(evaluation.WatchPaths.Distinct(StringComparer.Ordinal).Take(_options.Watch.MaxFiles), before);
            }
            LastBudget = budget;
            Interlocked.Increment(ref _evaluations);
            var results = evaluation.Record.Results;
            var failed = results.Count(r => r.Status == "fail");
            var errors = results.Count(r => r.Status == "error");
            LogEvaluated(policy, trigger, results.Count, failed, errors,
                budget.WallTime.TotalSeconds, budget.CpuTime?.TotalSeconds ?? -1, budget.Paused.TotalSeconds, watch?.Count ?? 0);
            return new ComplianceRun(evaluation, budget);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (set, _) = await OnBudgetThreadAsync(_ => _evaluator.Load(), cancellationToken).ConfigureAwait(false);
            var failing = new HashSet<string>(StringComparer.Ordinal);
            foreach (var failure in set.Failures)
            {
                failing.Add("policy:" + failure.Source);
                _health.Report(Component, "policy:" + failure.Source, HealthStatus.Failed, "policy_invalid", failure.Message);
            }
            _health.Resolve(Component, "policy:", failing);
            foreach (var gone in _watches.Keys.Except(set.Policies, StringComparer.Ordinal).ToList())
            {
                _watches.Remove(gone);
            }
            _policies = set.Policies;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a new thread whose CPU and I/O priority the budget lowers first; that thread ends with it.</summary>
    private Task<(T Result, BudgetReport Budget)> OnBudgetThreadAsync<T>(Func<EvaluationBudget, T> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<(T, BudgetReport)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var budget = new EvaluationBudget(_options.Budget, cancellationToken);
                budget.Apply();
                var result = work(budget);
                done.SetResult((result, budget.Report()));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "vigil-compliance",
        };
        thread.Start();
        return done.Task;
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "compliance: {Policy} evaluated ({Trigger}): {Checks} checks, {Failed} failed, {Errors} errors; {Wall:0.00}s wall, {Cpu:0.00}s CPU, {Paused:0.00}s paused for the budget; {Watched} files watched")]
    private partial void LogEvaluated(string policy, string trigger, int checks, int failed, int errors, double wall, double cpu, double paused, int watched);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "compliance: {Path} changed; evaluating {Policy}")]
    private partial void LogFileChanged(string path, string policy);
}

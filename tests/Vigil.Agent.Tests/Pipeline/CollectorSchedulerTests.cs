using Microsoft.Extensions.Time.Testing;
using Vigil.Agent.Collectors;
using Vigil.Agent.Health;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Pipeline;

public sealed class CollectorSchedulerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
    private readonly AgentStatus _status = new();
    private readonly HealthTracker _health;

    public CollectorSchedulerTests()
    {
        _health = new HealthTracker(_time);
    }

    private CollectorScheduler Scheduler(params ICollector[] collectors) => new(
        collectors.Select(c => new ScheduledCollector(new CollectorInstance(c, HostPaths.Default, _time), c.Defaults.Interval, c.Defaults.Budget, c.Defaults.Optional)).ToList(),
        _time, _health, _status);

    [Fact]
    public async Task A_collector_that_throws_is_reported_once_backed_off_and_does_not_stop_the_others()
    {
        var broken = ScriptedCollector.Throwing("broken", new InvalidDataException("garbled line 3"));
        var healthy = ScriptedCollector.Healthy("healthy");
        var scheduler = Scheduler(broken, healthy);

        var results = await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Single(results.Single(r => r.Collector == "healthy").Records);
        var failure = Assert.Single(_health.Drain());
        Assert.Equal(("broken", HealthStatus.Failed, "error"), (failure.Source, failure.Status, failure.Reason));
        Assert.Contains("garbled line 3", failure.Message);

        var broke = scheduler.Collectors.Single(c => c.Name == "broken");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(20), broke.NextDue);

        _time.Advance(TimeSpan.FromSeconds(10));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(1, broken.Runs); // still backing off
        Assert.Equal(2, healthy.Runs);

        _time.Advance(TimeSpan.FromSeconds(10));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, broken.Runs);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(40), broke.NextDue);
        Assert.Empty(_health.Drain()); // the same failure again is not news
        Assert.Equal(2, _status.Collectors["broken"].Errors);
    }

    [Fact]
    public async Task A_collector_that_recovers_reports_ok_and_returns_to_its_interval()
    {
        var fail = true;
        var flaky = new ScriptedCollector("flaky", (c, _) => fail ? throw new IOException("device busy") : ValueTask.CompletedTask);
        var scheduler = Scheduler(flaky);
        await scheduler.RunDueAsync(CancellationToken.None);
        _health.Drain();
        fail = false;
        _time.Advance(TimeSpan.FromSeconds(20));
        await scheduler.RunDueAsync(CancellationToken.None);
        var ok = Assert.Single(_health.Drain());
        Assert.Equal(HealthStatus.Ok, ok.Status);
        Assert.Equal(1, scheduler.Collectors[0].BackoffMultiplier);
    }

    [Fact]
    public async Task Expected_failures_are_classified()
    {
        var scheduler = Scheduler(ScriptedCollector.Throwing("shadow", new UnauthorizedAccessException("Access to the path '/etc/shadow' is denied.")));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal("permission_denied", Assert.Single(_health.Drain()).Reason);
    }

    [Fact]
    public async Task A_run_over_its_budget_is_reported_and_its_interval_stretched()
    {
        var slow = new ScriptedCollector("slow", (_, _) =>
        {
            Thread.Sleep(30);
            return ValueTask.CompletedTask;
        });
        var scheduler = new CollectorScheduler(
            [new ScheduledCollector(new CollectorInstance(slow, HostPaths.Default, _time), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1), false)],
            _time, _health, _status);
        await scheduler.RunDueAsync(CancellationToken.None);
        var record = Assert.Single(_health.Drain());
        Assert.Equal(("budget_exceeded", HealthStatus.Degraded), (record.Reason, record.Status));
        Assert.Equal(2, scheduler.Collectors[0].BackoffMultiplier);
    }

    [Fact]
    public async Task A_hung_collector_is_abandoned_as_stuck_and_not_started_again_until_it_returns()
    {
        using var release = new ManualResetEventSlim();
        var hung = new ScriptedCollector("hung", (_, _) =>
        {
            release.Wait(TimeSpan.FromSeconds(30), CancellationToken.None); // ignores cancellation, like a read on a dead NFS mount
            return ValueTask.CompletedTask;
        });
        var healthy = ScriptedCollector.Healthy("healthy");
        var scheduler = Scheduler(hung, healthy);

        var run = scheduler.RunDueAsync(CancellationToken.None);
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsCompleted && bound.Elapsed < TimeSpan.FromSeconds(10))
        {
            _time.Advance(TimeSpan.FromSeconds(1)); // the hard timeout runs on the injected clock
            await Task.Delay(10);
        }
        var results = await run;
        Assert.DoesNotContain(results, r => r.Collector == "hung");
        Assert.Contains(results, r => r.Collector == "healthy");
        var stuck = Assert.Single(_health.Drain(), h => h.Source == "hung");
        Assert.Equal("stuck", stuck.Reason);

        _time.Advance(TimeSpan.FromMinutes(10));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(1, hung.Runs);

        release.Set();
        await scheduler.Collectors[0].Stuck!;
        await scheduler.RunDueAsync(CancellationToken.None, all: true);
        Assert.Equal(2, hung.Runs);
        Assert.Contains(_health.Drain(), h => h.Source == "hung" && h.Status == HealthStatus.Ok);
    }

    [Fact]
    public async Task An_unavailable_source_is_reported_once_and_resolved_when_it_returns()
    {
        var present = false;
        var psi = new ScriptedCollector("pressure", (c, _) =>
        {
            if (!present)
            {
                c.Unavailable("/proc/pressure", "not present on this kernel");
            }
            return ValueTask.CompletedTask;
        });
        var scheduler = Scheduler(psi);
        await scheduler.RunDueAsync(CancellationToken.None, all: true);
        await scheduler.RunDueAsync(CancellationToken.None, all: true);
        var record = Assert.Single(_health.Drain());
        Assert.Equal("/proc/pressure: not present on this kernel", record.Message);
        present = true;
        await scheduler.RunDueAsync(CancellationToken.None, all: true);
        Assert.Equal(HealthStatus.Ok, Assert.Single(_health.Drain()).Status);
    }

    [Fact]
    public async Task Collectors_sharing_an_interval_stay_in_step_at_a_fixed_rate()
    {
        var a = ScriptedCollector.Healthy("a");
        var scheduler = Scheduler(a);
        var start = _time.GetUtcNow();
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(start + TimeSpan.FromSeconds(10), scheduler.Collectors[0].NextDue);
        _time.Advance(TimeSpan.FromSeconds(10.3));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(start + TimeSpan.FromSeconds(20), scheduler.Collectors[0].NextDue);
        Assert.Equal(TimeSpan.FromSeconds(9.7), scheduler.UntilNextDue());
    }
}

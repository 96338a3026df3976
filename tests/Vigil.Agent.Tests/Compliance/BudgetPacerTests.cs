using Vigil.Agent.Compliance;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Compliance;

public sealed class BudgetPacerTests
{
    [Fact]
    public void A_thread_over_its_share_pauses_until_its_cpu_is_that_share_of_the_wall_time()
    {
        // 100 ms of CPU in 200 ms at a 10 % budget must take 1 s: pause 800 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(800), BudgetPacer.PauseFor(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), 10));
        Assert.Equal(TimeSpan.Zero, BudgetPacer.PauseFor(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200), 10));
        Assert.Equal(TimeSpan.Zero, BudgetPacer.PauseFor(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1), 100));
        Assert.Equal(BudgetPacer.MaxPause, BudgetPacer.PauseFor(TimeSpan.FromSeconds(10), TimeSpan.Zero, 1));
    }

    [Fact]
    public void The_budget_lowers_the_evaluating_threads_priority_and_counts_its_cpu()
    {
        var mine = ThreadScheduling.Nice() ?? 0;
        EvaluationBudget? budget = null;
        var thread = new Thread(() =>
        {
            budget = new EvaluationBudget(new ComplianceBudgetOptions { Nice = 13, CpuPercent = 50 }, CancellationToken.None);
            budget.Apply();
            var x = 0L;
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 5_000_000; j++)
                {
                    x += j % 7;
                }
                budget.Pace();
            }
            GC.KeepAlive(x);
        });
        thread.Start();
        thread.Join();
        var report = budget!.Report();
        Assert.Equal(Math.Max(13, mine), report.Nice); // lowering priority needs no privilege; raising it back would

        Assert.Equal(3, report.Checks);
        Assert.NotNull(report.CpuTime);
        Assert.True(report.CpuTime > TimeSpan.Zero);
        Assert.Equal(mine, ThreadScheduling.Nice()); // the caller's own thread was not touched
    }
}

namespace Vigil.Agent.Compliance;

/// <summary>
/// The pacing rule, as a pure function: a thread that used <c>cpu</c> of CPU in <c>wall</c> of wall time stays within
/// <c>percent</c> of one core when the wall time is at least <c>cpu / (percent / 100)</c>; the difference is how long
/// it must pause. Pauses are capped so a stop is noticed soon.
/// </summary>
public static class BudgetPacer
{
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);

    public static TimeSpan PauseFor(TimeSpan cpu, TimeSpan wall, double percent)
    {
        if (percent >= 100 || cpu <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var needed = TimeSpan.FromTicks((long)(cpu.Ticks * 100 / percent)) - wall;
        return needed <= TimeSpan.FromMilliseconds(1) ? TimeSpan.Zero : needed < MaxPause ? needed : MaxPause;
    }
}

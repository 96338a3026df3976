namespace Vigil.Agent.Actions;

/// <summary>
/// How long the action channel waits after its <c>n</c>th consecutive failure: 1 s doubling to at most 60 s, each wait
/// drawn between half and all of that (jitter), so a fleet that lost its server does not come back in lockstep.
/// </summary>
public static class ChannelBackoff
{
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    public static TimeSpan Delay(int failures, Random random)
    {
        var ceiling = Math.Min(Max.TotalSeconds, Math.Pow(2, Math.Clamp(failures - 1, 0, 10)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (random.NextDouble() / 2)));
    }
}

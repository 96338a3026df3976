namespace Vigil.Agent.Pipeline;

/// <summary>A collector with its effective interval and budget and where it stands in the schedule.</summary>
public sealed class ScheduledCollector
{
    /// <summary>Back-off stops growing at this multiple of the interval.</summary>
    public const int MaxBackoffMultiplier = 32;

    public ScheduledCollector(CollectorInstance instance, TimeSpan interval, TimeSpan budget, bool optional)
    {
        Instance = instance;
        Interval = interval;
        Budget = budget;
        Optional = optional;
    }

    public CollectorInstance Instance { get; }
    public string Name => Instance.Name;
    public TimeSpan Interval { get; }
    public TimeSpan Budget { get; }
    public bool Optional { get; }

    /// <summary>When it runs next.</summary>
    public DateTimeOffset NextDue { get; set; }
    /// <summary>Doubles with each consecutive failure or overrun; 1 when healthy.</summary>
    public int BackoffMultiplier { get; set; } = 1;
    /// <summary>Paused by the watchdog to keep the agent within its limits.</summary>
    public bool Shed { get; set; }
    /// <summary>A run that overran its hard timeout and has not finished; the collector is not started again until it does.</summary>
    public Task<CollectorRunResult>? Stuck { get; set; }
    /// <summary>Mean run time (exponentially weighted), used to shed the most expensive collectors first.</summary>
    public double AverageSeconds { get; set; }

    /// <summary>How long a run may go on before it is abandoned as stuck: well past the budget, never less than 5 s.</summary>
    public TimeSpan HardTimeout => TimeSpan.FromTicks(Math.Max(Budget.Ticks * 10, TimeSpan.FromSeconds(5).Ticks));
}

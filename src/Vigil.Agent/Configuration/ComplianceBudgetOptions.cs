namespace Vigil.Agent.Configuration;

/// <summary>How an evaluation's disk reads are scheduled (ioprio_set(2) classes).</summary>
public enum IoPriorityClass
{
    /// <summary>Disk time only when no one else wants it. The default.</summary>
    Idle,
    /// <summary>Best effort at the lowest level (7).</summary>
    BestEffort,
}

/// <summary>
/// <c>compliance.budget</c>: evaluations must not hog the host. They run on a thread of their own at nice
/// <c>nice</c> and I/O class <c>io_class</c>, and are paced between checks so the thread's CPU time stays within
/// <c>cpu_percent</c> of the wall time (of one core).
/// </summary>
public sealed record ComplianceBudgetOptions
{
    /// <summary><c>cpu_percent</c>: the share of one core an evaluation may use, 1–100. Default 10.</summary>
    public double CpuPercent { get; init; } = 10;
    /// <summary><c>nice</c>: the evaluation thread's nice value, 0–19. Default 10.</summary>
    public int Nice { get; init; } = 10;
    /// <summary><c>io_class</c>: <c>idle</c> (default) or <c>best-effort</c> (lowest level).</summary>
    public IoPriorityClass IoClass { get; init; } = IoPriorityClass.Idle;

    public static ComplianceBudgetOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new ComplianceBudgetOptions();
        }
        var ioClass = map.String("io_class", "idle") switch
        {
            "idle" => IoPriorityClass.Idle,
            "best-effort" => IoPriorityClass.BestEffort,
            var other => throw map.Error("io_class", $"'{other}' is not one of: idle, best-effort"),
        };
        var options = new ComplianceBudgetOptions
        {
            CpuPercent = map.Double("cpu_percent", 10, min: 1, max: 100),
            Nice = map.Int("nice", 10, min: 0, max: 19),
            IoClass = ioClass,
        };
        map.RejectUnknownKeys();
        return options;
    }

    public (string Key, string Message)? Validate() => CpuPercent is < 1 or > 100 ? ("cpu_percent", "between 1 and 100") : null;
}

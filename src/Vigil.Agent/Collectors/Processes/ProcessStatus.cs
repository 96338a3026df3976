namespace Vigil.Agent.Collectors.Processes;

/// <summary>The state letters of /proc/[pid]/stat and the <c>process.status</c> values they are reported as.</summary>
public static class ProcessStatus
{
    /// <summary>Reported every run, zero or not, so dashboards see stable series.</summary>
    public const int AlwaysReported = 7;

    public static readonly string[] Names =
    [
        "running", "sleeping", "disk_sleep", "stopped", "zombie", "idle", "dead",
        "tracing_stop", "wakekill", "waking", "parked", "unknown",
    ];

    public const int Zombie = 4;

    public static int IndexOf(char state) => state switch
    {
        'R' => 0,
        'S' => 1,
        'D' => 2,
        'T' => 3,
        'Z' => 4,
        'I' => 5,
        'X' or 'x' => 6,
        't' => 7,
        'K' => 8,
        'W' => 9,
        'P' => 10,
        _ => 11,
    };
}

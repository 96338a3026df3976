namespace Vigil.Agent.Collectors.Processes;

/// <summary>
/// What the collector remembers about one live pid between runs: its paths (built once, not per run) and its CPU
/// ticks for the next interval's CPU%. StartTicks tells a reused pid from the process that had it before.
/// </summary>
internal sealed class PidState(int pid, string directory)
{
    public int Pid { get; } = pid;
    public string StatPath { get; } = Path.Combine(directory, "stat");
    public string StatusPath { get; } = Path.Combine(directory, "status");
    public string CmdlinePath { get; } = Path.Combine(directory, "cmdline");
    public ulong StartTicks { get; set; }
    public ulong CpuTicks { get; set; }
    /// <summary>False until one stat read succeeded, so the first interval has no CPU% to offer.</summary>
    public bool Sampled { get; set; }
    /// <summary>The run that last saw this pid; pids not seen in a run have exited and are dropped.</summary>
    public int Generation { get; set; }
}

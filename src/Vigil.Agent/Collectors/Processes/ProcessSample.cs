namespace Vigil.Agent.Collectors.Processes;

/// <summary>One process as seen this run, kept in a reused array; no strings until it makes the top list.</summary>
internal record struct ProcessSample(PidState State, ProcPidStat Stat, long CpuTicksDelta)
{
    /// <summary>True when the process was also seen last run (same start time), so CPU% is meaningful.</summary>
    public readonly bool HasCpu => CpuTicksDelta >= 0;
}

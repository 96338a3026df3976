using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Disk;

/// <summary>What the disk collector keeps per device between runs: attribute sets, the previous raw counters and their unwrapped totals.</summary>
internal sealed class DiskDevice
{
    public DiskDevice(string name)
    {
        Device = Tags.Of("system.device", name);
        Read = Tags.Of("system.device", name, "disk.io.direction", "read");
        Write = Tags.Of("system.device", name, "disk.io.direction", "write");
    }

    public Dictionary<string, string> Device { get; }
    public Dictionary<string, string> Read { get; }
    public Dictionary<string, string> Write { get; }
    /// <summary>Counters as the kernel printed them last run.</summary>
    public ulong[] Raw { get; } = new ulong[DiskStatsLine.MaxFields];
    /// <summary>Counters carried across 32-bit wraps, so converting units (ms to s, sectors to bytes) cannot hide a wrap.</summary>
    public double[] Total { get; } = new double[DiskStatsLine.MaxFields];
    public bool HasSample { get; set; }
    public long SampleTimestampMs { get; set; }
    /// <summary>The run that last saw this device; devices not seen in a run are forgotten.</summary>
    public int SeenInRun { get; set; }

    /// <summary>Takes a new sample and returns how much io_time (ms) grew since the previous one, or null on the first.</summary>
    public double? Update(ReadOnlySpan<ulong> raw, long timestampMs)
    {
        double? ioMsDelta = null;
        for (var i = 0; i < raw.Length; i++)
        {
            if (!HasSample)
            {
                Total[i] = raw[i];
            }
            else
            {
                // Same wrap-or-reset rule as the writer applies, on the kernel's own units.
                var delta = CounterRates.Delta(Raw[i], raw[i]);
                Total[i] += delta;
                if (i == DiskStatsLine.IoMs)
                {
                    ioMsDelta = delta;
                }
            }
            Raw[i] = raw[i];
        }
        HasSample = true;
        SampleTimestampMs = timestampMs;
        return ioMsDelta;
    }
}

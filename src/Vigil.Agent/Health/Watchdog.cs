using System.Globalization;
using Vigil.Agent.Configuration;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Health;

/// <summary>
/// Keeps the agent within its own limits, like osquery's watchdog: when resident memory (after a compacting
/// collection) or CPU averaged over the window is over its limit, optional collectors are paused, most expensive
/// first, and the crossing is reported with the figures; once usage stays under 80% of the limit for a whole
/// window they are resumed.
/// </summary>
public sealed class Watchdog
{
    private const double RecoverFraction = 0.8;
    /// <summary>How often the heap is compacted and returned to the system between limit checks.</summary>
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(60);
    private readonly LimitsOptions _limits;
    private readonly SelfUsage _usage;
    private readonly TimeProvider _time;
    private readonly HealthTracker _health;
    private readonly Queue<(DateTimeOffset At, TimeSpan Cpu)> _cpuSamples = new();
    private DateTimeOffset? _calmSince;
    private DateTimeOffset _lastTrim;

    public Watchdog(LimitsOptions limits, SelfUsage usage, TimeProvider time, HealthTracker health)
    {
        _limits = limits;
        _usage = usage;
        _time = time;
        _health = health;
    }

    /// <summary>Last measured CPU use, percent of one core over the window (NaN until a window's worth of samples).</summary>
    public double CpuPercent { get; private set; } = double.NaN;
    public long ResidentBytes { get; private set; }

    /// <summary>Measures, and sheds or restores collectors in <paramref name="collectors"/>. Returns how many are shed.</summary>
    public int Check(IReadOnlyList<ScheduledCollector> collectors)
    {
        var now = _time.GetUtcNow();
        MeasureCpu(now);
        // The live heap is ~2 MB, but the GC keeps regions committed for the next allocations; a compacting
        // collection a minute (about a millisecond) hands them back, which is most of the agent's anonymous memory.
        // Over the limit, it is also the first remedy, before any work is shed.
        var trimmed = now - _lastTrim >= TrimInterval;
        if (trimmed)
        {
            Trim(now);
        }
        ResidentBytes = _usage.ResidentBytes();
        if (ResidentBytes > _limits.MaxRssBytes && !trimmed)
        {
            Trim(now);
            ResidentBytes = _usage.ResidentBytes();
        }

        var rssOver = ResidentBytes > _limits.MaxRssBytes;
        var cpuOver = CpuPercent > _limits.MaxCpuPercent;
        if (rssOver || cpuOver)
        {
            _calmSince = null;
            var victim = collectors.Where(c => c.Optional && !c.Shed).OrderByDescending(c => c.AverageSeconds).FirstOrDefault();
            if (victim is not null)
            {
                victim.Shed = true;
                // CPU is an average over the window: give the shedding a window to show before shedding more.
                _cpuSamples.Clear();
                CpuPercent = double.NaN;
            }
            var shed = string.Join(", ", collectors.Where(c => c.Shed).Select(c => c.Name));
            var (reason, crossing) = rssOver
                ? ("shed_rss_limit", $"resident memory {Mib(ResidentBytes)} MiB exceeds max_rss {Mib(_limits.MaxRssBytes)} MiB by {Mib(ResidentBytes - _limits.MaxRssBytes)} MiB")
                : ("shed_cpu_limit", $"CPU {CpuPercentText()}% of one core over {_limits.Window.TotalSeconds:0}s exceeds max_cpu_percent {_limits.MaxCpuPercent.ToString(CultureInfo.InvariantCulture)}%");
            _health.Report("agent", "watchdog", HealthStatus.Degraded, reason, $"{crossing}; paused optional collectors: {(shed.Length == 0 ? "none left to pause" : shed)}");
        }
        else if (collectors.Any(c => c.Shed))
        {
            var calm = ResidentBytes < _limits.MaxRssBytes * RecoverFraction && !(CpuPercent > _limits.MaxCpuPercent * RecoverFraction);
            _calmSince = calm ? _calmSince ?? now : null;
            if (_calmSince is { } since && now - since >= _limits.Window)
            {
                foreach (var c in collectors)
                {
                    if (c.Shed)
                    {
                        c.Shed = false;
                        c.NextDue = now;
                    }
                }
                _calmSince = null;
                _health.Report("agent", "watchdog", HealthStatus.Ok, "ok",
                    $"back under limits (RSS {Mib(ResidentBytes)} MiB, CPU {CpuPercentText()}%); resumed all collectors");
            }
        }
        return collectors.Count(c => c.Shed);
    }

    private void Trim(DateTimeOffset now)
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _lastTrim = now;
    }

    private void MeasureCpu(DateTimeOffset now)
    {
        var cpu = _usage.CpuTime();
        _cpuSamples.Enqueue((now, cpu));
        while (_cpuSamples.Count > 2 && now - _cpuSamples.Peek().At > _limits.Window)
        {
            _cpuSamples.Dequeue();
        }
        var (firstAt, firstCpu) = _cpuSamples.Peek();
        var wall = now - firstAt;
        // Judge only over (nearly) a full window, so a busy start-up second does not shed anything.
        CpuPercent = wall >= _limits.Window * 0.9 ? (cpu - firstCpu).TotalSeconds / wall.TotalSeconds * 100 : double.NaN;
    }

    private string CpuPercentText() => double.IsNaN(CpuPercent) ? "n/a" : CpuPercent.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture);
}

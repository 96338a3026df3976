using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Memory;

/// <summary>Physical memory, swap, paging and OOM kills, from /proc/meminfo and /proc/vmstat.</summary>
public sealed class MemoryCollector : ICollector
{
    public const string CollectorName = "memory";
    private const string Usage = "system.memory.usage";
    private const string Utilization = "system.memory.utilization";
    private const string Limit = "system.memory.limit";
    private const string Available = "system.linux.memory.available";
    private const string PagingUsage = "system.paging.usage";
    private const string PagingUtilization = "system.paging.utilization";
    private const string PagingOperations = "system.paging.operations";
    private const string PagingFaults = "system.paging.faults";
    private const string OomKills = "system.linux.memory.oom_kills";

    private static readonly Dictionary<string, string> StateUsed = Tags.Of("system.memory.state", "used");
    private static readonly Dictionary<string, string> StateFree = Tags.Of("system.memory.state", "free");
    private static readonly Dictionary<string, string> StateBuffers = Tags.Of("system.memory.state", "buffers");
    private static readonly Dictionary<string, string> StateCached = Tags.Of("system.memory.state", "cached");
    private static readonly Dictionary<string, string> StateSlabReclaimable = Tags.Of("system.memory.state", "slab_reclaimable");
    private static readonly Dictionary<string, string> StateSlabUnreclaimable = Tags.Of("system.memory.state", "slab_unreclaimable");
    private static readonly Dictionary<string, string> SwapUsed = Tags.Of("system.paging.state", "used");
    private static readonly Dictionary<string, string> SwapFree = Tags.Of("system.paging.state", "free");
    private static readonly Dictionary<string, string> DirectionIn = Tags.Of("system.paging.direction", "in");
    private static readonly Dictionary<string, string> DirectionOut = Tags.Of("system.paging.direction", "out");
    private static readonly Dictionary<string, string> FaultMinor = Tags.Of("system.paging.type", "minor");
    private static readonly Dictionary<string, string> FaultMajor = Tags.Of("system.paging.type", "major");

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Usage, "By", "Memory by state. used = MemTotal - MemFree - Buffers - Cached - SReclaimable, as free(1) computes it; slab_unreclaimable is part of used, so the states other than it sum to the total.", "system.memory.state"),
            MetricDescriptor.Gauge(Utilization, "1", "Share of MemTotal in each state, 0..1; same states as system.memory.usage.", "system.memory.state"),
            MetricDescriptor.Gauge(Limit, "By", "Total usable physical memory (MemTotal)."),
            MetricDescriptor.Gauge(Available, "By", "MemAvailable: the kernel's estimate of memory that can be given to new work without swapping. Linux-specific, hence system.linux.*; absent before Linux 3.14."),
            MetricDescriptor.Gauge(PagingUsage, "By", "Swap space used and free, all swap devices together.", "system.paging.state"),
            MetricDescriptor.Gauge(PagingUtilization, "1", "Share of swap space used and free, 0..1; absent when there is no swap.", "system.paging.state"),
            MetricDescriptor.Counter(PagingOperations, "{operation}", "Pages swapped in (pswpin) and out (pswpout) since boot.", "system.paging.direction"),
            MetricDescriptor.Counter(PagingFaults, "{fault}", "Page faults since boot: major needed I/O (pgmajfault); minor is pgfault minus major.", "system.paging.type"),
            MetricDescriptor.Counter(OomKills, "{process}", "Processes killed by the kernel's OOM killer since boot (vmstat oom_kill, Linux 4.13+). No OpenTelemetry convention exists, hence system.linux.*."),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        if (TryRead(context, context.Paths.InProc("meminfo"), out var meminfo))
        {
            WriteMemory(output, MemInfo.Parse(meminfo));
        }
        if (TryRead(context, context.Paths.InProc("vmstat"), out var vmstat))
        {
            var stat = VmStat.Parse(vmstat);
            output.Counter(PagingOperations, stat.SwapIns, DirectionIn);
            output.Counter(PagingOperations, stat.SwapOuts, DirectionOut);
            output.Counter(PagingFaults, stat.MinorFaults, FaultMinor);
            output.Counter(PagingFaults, stat.MajorFaults, FaultMajor);
            if (stat.OomKills is { } kills)
            {
                output.Counter(OomKills, kills);
            }
        }
        return ValueTask.CompletedTask;
    }

    private static void WriteMemory(RecordWriter output, MemInfo m)
    {
        output.Gauge(Limit, m.Total);
        WriteState(output, m.Used, m.Total, StateUsed);
        WriteState(output, m.Free, m.Total, StateFree);
        WriteState(output, m.Buffers, m.Total, StateBuffers);
        WriteState(output, m.Cached, m.Total, StateCached);
        WriteState(output, m.SlabReclaimable, m.Total, StateSlabReclaimable);
        WriteState(output, m.SlabUnreclaimable, m.Total, StateSlabUnreclaimable);
        if (m.Available is { } available)
        {
            output.Gauge(Available, available);
        }

        var swapFree = Math.Min(m.SwapFree, m.SwapTotal);
        var swapUsed = m.SwapTotal - swapFree;
        output.Gauge(PagingUsage, swapUsed, SwapUsed);
        output.Gauge(PagingUsage, swapFree, SwapFree);
        if (m.SwapTotal > 0)
        {
            output.Gauge(PagingUtilization, (double)swapUsed / m.SwapTotal, SwapUsed);
            output.Gauge(PagingUtilization, (double)swapFree / m.SwapTotal, SwapFree);
        }
    }

    private static void WriteState(RecordWriter output, ulong bytes, ulong total, Dictionary<string, string> tags)
    {
        output.Gauge(Usage, bytes, tags);
        if (total > 0)
        {
            output.Gauge(Utilization, (double)bytes / total, tags);
        }
    }

    private static bool TryRead(CollectionContext context, string path, out ReadOnlySpan<char> text)
    {
        try
        {
            text = context.Files.Read(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Unavailable(path, e is FileNotFoundException or DirectoryNotFoundException ? "not present" : e.Message);
            text = default;
            return false;
        }
    }
}

using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Memory;

/// <summary>
/// Physical memory, swap, paging and OOM kills, from /proc/meminfo and /proc/vmstat, and the detail behind them:
/// LRU lists, dirty and writeback pages, kernel memory, commitment, huge pages, page reclaim and stalls.
/// </summary>
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
    private const string Paged = "system.linux.memory.paged";
    private const string ReclaimScanned = "system.linux.memory.reclaim.scanned";
    private const string ReclaimStolen = "system.linux.memory.reclaim.reclaimed";
    private const string AllocationStalls = "system.linux.memory.allocation_stalls";
    private const string CompactionStalls = "system.linux.memory.compaction_stalls";
    private const string ThpFaultAllocations = "system.linux.memory.thp.fault_allocations";
    private const string WorkingsetRefaults = "system.linux.memory.workingset_refaults";

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

    private readonly ulong[] _detail = new ulong[MemInfoDetail.Fields.Length];
    private readonly bool[] _detailFound = new bool[MemInfoDetail.Fields.Length];
    private string? _meminfoPath;
    private string? _vmstatPath;

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
            MetricDescriptor.Counter(Paged, "By", "Bytes read from (in) and written to (out) block devices through memory, all file and swap I/O (vmstat pgpgin, pgpgout). Linux-specific, hence system.linux.*.", "system.paging.direction"),
            MetricDescriptor.Counter(ReclaimScanned, "{page}", "Pages page reclaim examined, kswapd and direct reclaim together (vmstat pgscan_*). Scanning that frees little (see reclaimed) means memory pressure. Linux-specific."),
            MetricDescriptor.Counter(ReclaimStolen, "{page}", "Pages page reclaim freed, kswapd and direct reclaim together (vmstat pgsteal_*). Linux-specific."),
            MetricDescriptor.Counter(AllocationStalls, "{stall}", "Times a process's allocation had to reclaim memory itself (direct reclaim; vmstat allocstall, all zones): each is latency the process felt. Linux-specific."),
            MetricDescriptor.Counter(CompactionStalls, "{stall}", "Times an allocation stalled to compact memory into contiguous blocks (vmstat compact_stall). Linux-specific."),
            MetricDescriptor.Counter(ThpFaultAllocations, "{page}", "Transparent huge pages allocated at page fault (vmstat thp_fault_alloc). Linux-specific."),
            MetricDescriptor.Counter(WorkingsetRefaults, "{page}", "Evicted pages that were needed again soon after (vmstat workingset_refault, anon and file): the page cache is too small for the working set, i.e. thrashing. Linux-specific."),
            .. MemInfoDetail.Descriptors(),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        _meminfoPath ??= context.Paths.InProc("meminfo");
        _vmstatPath ??= context.Paths.InProc("vmstat");
        if (context.TryReadSource(_meminfoPath, out var meminfo))
        {
            WriteMemory(output, MemInfo.Parse(meminfo));
            WriteDetail(output, meminfo);
        }
        if (context.TryReadSource(_vmstatPath, out var vmstat))
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
            WriteReclaim(output, stat);
        }
        return ValueTask.CompletedTask;
    }

    private void WriteDetail(RecordWriter output, ReadOnlySpan<char> meminfo)
    {
        MemInfoDetail.Read(meminfo, _detail, _detailFound);
        var fields = MemInfoDetail.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            if (_detailFound[i])
            {
                output.Gauge(fields[i].Metric, _detail[i], fields[i].Tags);
            }
        }
    }

    private static void WriteReclaim(RecordWriter output, in VmStat stat)
    {
        output.Counter(Paged, stat.PagedInKiB * 1024.0, DirectionIn);
        output.Counter(Paged, stat.PagedOutKiB * 1024.0, DirectionOut);
        WriteIfPresent(output, ReclaimScanned, stat.ReclaimScanned);
        WriteIfPresent(output, ReclaimStolen, stat.ReclaimStolen);
        WriteIfPresent(output, AllocationStalls, stat.AllocationStalls);
        WriteIfPresent(output, CompactionStalls, stat.CompactionStalls);
        WriteIfPresent(output, ThpFaultAllocations, stat.ThpFaultAllocations);
        WriteIfPresent(output, WorkingsetRefaults, stat.WorkingsetRefaults);
    }

    private static void WriteIfPresent(RecordWriter output, string metric, ulong? value)
    {
        if (value is { } v)
        {
            output.Counter(metric, v);
        }
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
}

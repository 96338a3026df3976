using Vigil.Agent.Pipeline;
using static Vigil.Agent.Collectors.Disk.DiskStatsLine;

namespace Vigil.Agent.Collectors.Disk;

/// <summary>
/// Block device I/O from /proc/diskstats, whole disks and partitions alike. Loop, ram, zram and nbd devices that
/// have never done any I/O are skipped: a kernel creates dozens of them unused, and each would add a dozen idle series.
/// </summary>
/// <remarks>
/// The kernel prints the millisecond fields as 32-bit numbers (they wrap after 49.7 days of busy time) and, on
/// 32-bit kernels, every counter. The writer detects wraps only on the values it is given, so converting ms to s or
/// sectors to bytes first would hide a wrap from it; the collector therefore carries each counter across wraps in
/// the kernel's own units (<see cref="DiskDevice.Update"/>) and reports those totals.
/// </remarks>
public sealed class DiskCollector : ICollector
{
    public const string CollectorName = "disk";
    private const string Io = "system.disk.io";
    private const string Operations = "system.disk.operations";
    private const string OperationTime = "system.disk.operation_time";
    private const string IoTime = "system.disk.io_time";
    private const string Merged = "system.disk.merged";
    private const string Pending = "system.disk.pending_operations";
    private const string WeightedIoTime = "system.disk.weighted_io_time";
    private const string Utilization = "system.disk.utilization";
    private const string DiscardOperations = "system.linux.disk.discard.operations";
    private const string DiscardMerged = "system.linux.disk.discard.merged";
    private const string DiscardIo = "system.linux.disk.discard.io";
    private const string DiscardTime = "system.linux.disk.discard.time";
    private const string FlushOperations = "system.linux.disk.flush.operations";
    private const string FlushTime = "system.linux.disk.flush.time";
    private const double SectorBytes = 512; // diskstats counts 512-byte sectors whatever the device's real sector size

    private readonly Dictionary<string, DiskDevice> _devices = new(StringComparer.Ordinal);
    private readonly List<string> _vanished = [];
    private readonly ulong[] _values = new ulong[MaxFields];
    private int _run;

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Counter(Io, "By", "Bytes read and written (512-byte sectors x 512).", "system.device", "disk.io.direction"),
            MetricDescriptor.Counter(Operations, "{operation}", "Reads and writes completed.", "system.device", "disk.io.direction"),
            MetricDescriptor.Counter(OperationTime, "s", "Time spent on reads and writes, summed over requests (overlapping requests all count).", "system.device", "disk.io.direction"),
            MetricDescriptor.Counter(IoTime, "s", "Time the device had at least one request in flight.", "system.device"),
            MetricDescriptor.Counter(Merged, "{operation}", "Adjacent requests merged into one before reaching the device.", "system.device", "disk.io.direction"),
            MetricDescriptor.Gauge(Pending, "{operation}", "Requests in flight right now (issued to the driver, not yet completed).", "system.device"),
            MetricDescriptor.Counter(WeightedIoTime, "s", "In-flight time weighted by the number of requests in flight; its rate is the average queue length.", "system.device"),
            MetricDescriptor.Gauge(Utilization, "1", "Share of the time since the previous run that the device was busy (io_time growth / elapsed), 0..1, as iostat %util. Absent on a device's first run.", "system.device"),
            MetricDescriptor.Counter(DiscardOperations, "{operation}", "Discards (TRIM) completed; Linux 4.18+. Discards are not reads or writes, so they get their own Linux-specific metrics.", "system.device"),
            MetricDescriptor.Counter(DiscardMerged, "{operation}", "Discards merged before reaching the device; Linux 4.18+.", "system.device"),
            MetricDescriptor.Counter(DiscardIo, "By", "Bytes discarded; Linux 4.18+.", "system.device"),
            MetricDescriptor.Counter(DiscardTime, "s", "Time spent on discards; Linux 4.18+.", "system.device"),
            MetricDescriptor.Counter(FlushOperations, "{operation}", "Cache flush requests completed; Linux 5.5+.", "system.device"),
            MetricDescriptor.Counter(FlushTime, "s", "Time spent on cache flushes; Linux 5.5+.", "system.device"),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var path = context.Paths.InProc("diskstats");
        if (!context.TryReadSource(path, out var text))
        {
            return ValueTask.CompletedTask;
        }

        _run++;
        var output = context.Output;
        var lookup = _devices.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var line in text.EnumerateLines())
        {
            var count = DiskStatsLine.Parse(line, _values, out var nameRange);
            if (count == 0)
            {
                continue;
            }
            var name = line[nameRange];
            if (IsIdleVirtualDevice(name, _values))
            {
                continue;
            }
            if (!lookup.TryGetValue(name, out var device))
            {
                device = new DiskDevice(name.ToString());
                lookup[name] = device;
            }
            var previousTimestamp = device.SampleTimestampMs;
            var ioMsDelta = device.Update(_values, output.TimestampMs);
            device.SeenInRun = _run;
            Write(output, device, count);
            var elapsedMs = output.TimestampMs - previousTimestamp;
            if (ioMsDelta is { } busy && elapsedMs > 0)
            {
                output.Gauge(Utilization, Math.Clamp(busy / elapsedMs, 0, 1), device.Device);
            }
        }
        ForgetVanishedDevices();
        return ValueTask.CompletedTask;
    }

    private static void Write(RecordWriter output, DiskDevice d, int count)
    {
        var t = d.Total;
        output.Counter(Io, t[SectorsRead] * SectorBytes, d.Read);
        output.Counter(Io, t[SectorsWritten] * SectorBytes, d.Write);
        output.Counter(Operations, t[Reads], d.Read);
        output.Counter(Operations, t[Writes], d.Write);
        output.Counter(OperationTime, t[ReadMs] / 1000, d.Read);
        output.Counter(OperationTime, t[WriteMs] / 1000, d.Write);
        output.Counter(Merged, t[ReadsMerged], d.Read);
        output.Counter(Merged, t[WritesMerged], d.Write);
        output.Counter(IoTime, t[IoMs] / 1000, d.Device);
        output.Counter(WeightedIoTime, t[WeightedIoMs] / 1000, d.Device);
        output.Gauge(Pending, d.Raw[InFlight], d.Device);
        if (count >= WithDiscards)
        {
            output.Counter(DiscardOperations, t[Discards], d.Device);
            output.Counter(DiscardMerged, t[DiscardsMerged], d.Device);
            output.Counter(DiscardIo, t[SectorsDiscarded] * SectorBytes, d.Device);
            output.Counter(DiscardTime, t[DiscardMs] / 1000, d.Device);
        }
        if (count >= WithFlushes)
        {
            output.Counter(FlushOperations, t[Flushes], d.Device);
            output.Counter(FlushTime, t[FlushMs] / 1000, d.Device);
        }
    }

    private static bool IsIdleVirtualDevice(ReadOnlySpan<char> name, ReadOnlySpan<ulong> v) =>
        (name.StartsWith("loop") || name.StartsWith("ram") || name.StartsWith("zram") || name.StartsWith("nbd"))
        && v[Reads] == 0 && v[Writes] == 0 && v[Discards] == 0 && v[Flushes] == 0;

    private void ForgetVanishedDevices()
    {
        if (_devices.Count == 0)
        {
            return;
        }
        foreach (var (name, device) in _devices)
        {
            if (device.SeenInRun != _run)
            {
                _vanished.Add(name);
            }
        }
        foreach (var name in _vanished)
        {
            _devices.Remove(name);
        }
        _vanished.Clear();
    }
}

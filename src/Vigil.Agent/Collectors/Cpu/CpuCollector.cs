using System.Globalization;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Cpu;

/// <summary>CPU utilization per mode, total and per logical CPU, plus context switches and interrupts, from /proc/stat.</summary>
public sealed class CpuCollector : ICollector
{
    public const string CollectorName = "cpu";
    private const string Utilization = "system.cpu.utilization";
    private const string Time = "system.cpu.time";
    private const string LogicalCount = "system.cpu.logical.count";
    private const string ContextSwitches = "system.cpu.context_switches";
    private const string Interrupts = "system.cpu.interrupts";
    private const string ProcessesCreated = "system.process.created";
    private const string SoftirqCount = "system.linux.cpu.softirqs";
    // USER_HZ is 100 on every Linux architecture the agent targets.
    private const double JiffiesPerSecond = 100.0;
    private static readonly string[] Modes = ["user", "nice", "system", "idle", "iowait", "interrupt", "softirq", "steal"];

    private readonly Dictionary<int, CpuTimes> _previous = [];
    private readonly TagCache<(int Cpu, int Mode)> _tags = new(k => k.Cpu < 0
        ? Tags.Of("cpu.mode", Modes[k.Mode])
        : Tags.Of("cpu.mode", Modes[k.Mode], "cpu.logical_number", k.Cpu.ToString(CultureInfo.InvariantCulture)));
    private readonly Dictionary<string, string> _softirqNames = new(StringComparer.Ordinal);
    private readonly TagCache<string> _softirqTags = new(type => Tags.Of("softirq.type", type));
    private CpuTimes? _previousTotal;

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Utilization, "1", "Share of CPU time spent in each mode since the previous run, 0..1; without cpu.logical_number it is the whole machine.", "cpu.mode", "cpu.logical_number"),
            MetricDescriptor.Counter(Time, "s", "CPU seconds spent in each mode; without cpu.logical_number it is the whole machine.", "cpu.mode", "cpu.logical_number"),
            MetricDescriptor.Gauge(LogicalCount, "{cpu}", "Logical CPUs online."),
            MetricDescriptor.Counter(ContextSwitches, "{context_switch}", "Context switches since boot."),
            MetricDescriptor.Counter(Interrupts, "{interrupt}", "Interrupts serviced since boot."),
            MetricDescriptor.Counter(ProcessesCreated, "{process}", "Processes and threads created since boot."),
            MetricDescriptor.Counter(SoftirqCount, "{softirq}", "Softirqs handled since boot, all CPUs, by type (net_rx, timer, sched...): a NET_RX storm or a stuck tasklet shows here.", "softirq.type"),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var path = context.Paths.InProc("stat");
        if (!context.Files.TryRead(path, out var text))
        {
            context.Unavailable(path, "not present");
            return ValueTask.CompletedTask;
        }
        var stat = ProcStat.Parse(text);
        var output = context.Output;

        if (_previousTotal is { } previousTotal)
        {
            WriteUtilization(output, -1, previousTotal, stat.Total);
        }
        _previousTotal = stat.Total;
        foreach (var (cpu, times) in stat.PerCpu)
        {
            if (_previous.TryGetValue(cpu, out var before))
            {
                WriteUtilization(output, cpu, before, times);
            }
            _previous[cpu] = times;
        }
        // A CPU taken offline disappears from /proc/stat; forget it so it starts afresh when it returns.
        if (_previous.Count > stat.PerCpu.Count)
        {
            foreach (var cpu in _previous.Keys.Where(c => !stat.PerCpu.ContainsKey(c)).ToList())
            {
                _previous.Remove(cpu);
            }
        }

        WriteTimes(output, -1, stat.Total);
        foreach (var (cpu, times) in stat.PerCpu)
        {
            WriteTimes(output, cpu, times);
        }
        output.Gauge(LogicalCount, stat.PerCpu.Count);
        output.Counter(ContextSwitches, stat.ContextSwitches);
        output.Counter(Interrupts, stat.Interrupts);
        output.Counter(ProcessesCreated, stat.ProcessesCreated);

        var softirqs = context.Paths.InProc("softirqs");
        if (context.Files.TryRead(softirqs, out var softirqText))
        {
            Softirqs.Parse(softirqText, (type, total) => output.Counter(SoftirqCount, total, _softirqTags.For(type)), _softirqNames);
        }
        else
        {
            context.Unavailable(softirqs, "not present");
        }
        return ValueTask.CompletedTask;
    }

    private void WriteTimes(RecordWriter output, int cpu, CpuTimes t)
    {
        ReadOnlySpan<ulong> modeJiffies = [t.User, t.Nice, t.System, t.Idle, t.IoWait, t.Irq, t.SoftIrq, t.Steal];
        for (var m = 0; m < Modes.Length; m++)
        {
            output.Counter(Time, modeJiffies[m] / JiffiesPerSecond, _tags.For((cpu, m)));
        }
    }

    private void WriteUtilization(RecordWriter output, int cpu, CpuTimes before, CpuTimes after)
    {
        var total = (double)(after.Total - before.Total);
        if (after.Total < before.Total || total <= 0)
        {
            return; // counters went backwards (CPU hot-plugged) or no time passed: no honest figure this run
        }
        ReadOnlySpan<ulong> deltas =
        [
            after.User - before.User, after.Nice - before.Nice, after.System - before.System, after.Idle - before.Idle,
            after.IoWait - before.IoWait, after.Irq - before.Irq, after.SoftIrq - before.SoftIrq, after.Steal - before.Steal,
        ];
        for (var m = 0; m < Modes.Length; m++)
        {
            // iowait on an idle CPU may step backwards on some kernels; clamp rather than report a negative share.
            var share = deltas[m] > after.Total - before.Total ? 0 : deltas[m] / total;
            output.Gauge(Utilization, share, _tags.For((cpu, m)));
        }
    }
}

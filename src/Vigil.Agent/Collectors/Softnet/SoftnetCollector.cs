using System.Globalization;
using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Softnet;

/// <summary>
/// Per-CPU packet-receive processing from /proc/net/softnet_stat: packets processed, packets dropped because the
/// CPU's input backlog was full (net.core.netdev_max_backlog), and time squeezes (the softirq ran out of budget,
/// net.core.netdev_budget, with packets left). Drops and squeezes rising on one CPU are the classic sign of a NIC
/// whose interrupts all land there; /proc/net/dev does not see these drops.
/// </summary>
/// <remarks>
/// The file is global, not per network namespace. Its counters are 32-bit and wrap; the pipeline's rates allow for that.
/// </remarks>
public sealed class SoftnetCollector : ICollector
{
    public const string CollectorName = "softnet";
    private const string Processed = "system.linux.net.softnet.processed";
    private const string Dropped = "system.linux.net.softnet.dropped";
    private const string TimeSqueeze = "system.linux.net.softnet.time_squeeze";
    private const string ReceivedRps = "system.linux.net.softnet.received_rps";
    private const string FlowLimit = "system.linux.net.softnet.flow_limit";

    private readonly TagCache<int> _cpuTags = new(cpu => Tags.Of("cpu.logical_number", cpu.ToString(CultureInfo.InvariantCulture)));
    private string? _path;

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Optional10s;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Counter(Processed, "{packet}", "Packets the CPU's receive softirq processed. Linux-specific, hence system.linux.*.", "cpu.logical_number"),
            MetricDescriptor.Counter(Dropped, "{packet}", "Packets dropped because the CPU's input backlog was full (net.core.netdev_max_backlog). Linux-specific.", "cpu.logical_number"),
            MetricDescriptor.Counter(TimeSqueeze, "{event}", "Times the receive softirq stopped with work left because its packet budget or time ran out (net.core.netdev_budget[_usecs]). Linux-specific.", "cpu.logical_number"),
            MetricDescriptor.Counter(ReceivedRps, "{interrupt}", "Times the CPU was woken by another to process packets steered to it by RPS (received_rps); 0 without RPS. Linux-specific.", "cpu.logical_number"),
            MetricDescriptor.Counter(FlowLimit, "{packet}", "Packets dropped by RPS flow limiting (flow_limit_count); 0 unless flow limits are on. Linux-specific.", "cpu.logical_number"),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        _path ??= context.Paths.InProc("net/softnet_stat");
        if (!context.TryReadSource(_path, out var text))
        {
            return ValueTask.CompletedTask;
        }

        var output = context.Output;
        var index = 0;
        foreach (var line in text.EnumerateLines())
        {
            if (!SoftnetLine.TryParse(line, index, out var cpu))
            {
                continue;
            }
            index++;
            var tags = _cpuTags.For(cpu.Cpu);
            output.Counter(Processed, cpu.Processed, tags);
            output.Counter(Dropped, cpu.Dropped, tags);
            output.Counter(TimeSqueeze, cpu.TimeSqueeze, tags);
            if (cpu.ReceivedRps is { } rps)
            {
                output.Counter(ReceivedRps, rps, tags);
            }
            if (cpu.FlowLimit is { } flow)
            {
                output.Counter(FlowLimit, flow, tags);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Attribute sets are built once per CPU and reused every run.</summary>
}

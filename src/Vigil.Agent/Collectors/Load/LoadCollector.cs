namespace Vigil.Agent.Collectors.Load;

/// <summary>Load averages and the count of runnable and existing scheduling entities, from /proc/loadavg.</summary>
public sealed class LoadCollector : ICollector
{
    public const string CollectorName = "load";
    private const string Load1 = "system.cpu.load_average.1m";
    private const string Load5 = "system.cpu.load_average.5m";
    private const string Load15 = "system.cpu.load_average.15m";
    private const string Runnable = "system.linux.scheduler.runnable";
    private const string Entities = "system.linux.scheduler.entities";

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Load1, "{thread}", "Load average over 1 minute: runnable plus uninterruptible (usually I/O-waiting) threads, exponentially averaged."),
            MetricDescriptor.Gauge(Load5, "{thread}", "Load average over 5 minutes."),
            MetricDescriptor.Gauge(Load15, "{thread}", "Load average over 15 minutes."),
            MetricDescriptor.Gauge(Runnable, "{thread}", "Scheduling entities (threads) runnable right now, field 4 of /proc/loadavg before the slash. Linux-specific, hence system.linux.*."),
            MetricDescriptor.Gauge(Entities, "{thread}", "Scheduling entities (threads) that exist, field 4 of /proc/loadavg after the slash."),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var path = context.Paths.InProc("loadavg");
        if (!context.TryReadSource(path, out var text))
        {
            return ValueTask.CompletedTask;
        }
        if (!LoadAverage.TryParse(text, out var load))
        {
            throw new InvalidDataException($"{path}: unexpected content '{text.Trim().ToString()}'");
        }
        var output = context.Output;
        output.Gauge(Load1, load.One);
        output.Gauge(Load5, load.Five);
        output.Gauge(Load15, load.Fifteen);
        output.Gauge(Runnable, load.Runnable);
        output.Gauge(Entities, load.Entities);
        return ValueTask.CompletedTask;
    }
}

using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Pressure;

/// <summary>
/// Pressure stall information (PSI) from /proc/pressure/{cpu,memory,io,irq}: how long tasks waited for a resource.
/// PSI needs Linux 4.20+ built with CONFIG_PSI and not booted with psi=0; irq needs 6.1+ with IRQ time accounting.
/// </summary>
public sealed class PressureCollector : ICollector
{
    public const string CollectorName = "pressure";
    private const string StallTime = "system.linux.pressure.stall_time";
    private const string Average = "system.linux.pressure.average";
    private static readonly string[] Resources = ["cpu", "memory", "io", "irq"];
    private static readonly string[] Scopes = ["some", "full"];
    private static readonly string[] Windows = ["10s", "60s", "300s"];

    // [resource, scope] and [resource, scope, window] attribute sets, built once.
    private readonly Dictionary<string, string>[,] _stallTags = new Dictionary<string, string>[Resources.Length, Scopes.Length];
    private readonly Dictionary<string, string>[,,] _averageTags = new Dictionary<string, string>[Resources.Length, Scopes.Length, Windows.Length];
    private readonly string[] _files = new string[Resources.Length];

    public PressureCollector()
    {
        for (var r = 0; r < Resources.Length; r++)
        {
            _files[r] = "pressure/" + Resources[r];
            for (var s = 0; s < Scopes.Length; s++)
            {
                _stallTags[r, s] = Tags.Of("pressure.resource", Resources[r], "pressure.scope", Scopes[s]);
                for (var w = 0; w < Windows.Length; w++)
                {
                    _averageTags[r, s, w] = Tags.Of("pressure.resource", Resources[r], "pressure.scope", Scopes[s], "pressure.window", Windows[w]);
                }
            }
        }
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Counter(StallTime, "s", "Time since boot that some (at least one) or full (all non-idle) tasks were stalled waiting for the resource (PSI total). Its rate is the share of time stalled. No OpenTelemetry convention exists, hence system.linux.*.", "pressure.resource", "pressure.scope"),
            MetricDescriptor.Gauge(Average, "1", "The kernel's running average of the stalled share of time over the window (10s, 60s, 300s), 0..1.", "pressure.resource", "pressure.scope", "pressure.window"),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(context.Paths.InProc("pressure")))
        {
            context.Unavailable(context.Paths.InProc("pressure"), "not present: needs Linux 4.20+ with CONFIG_PSI and without psi=0");
            return ValueTask.CompletedTask;
        }
        for (var r = 0; r < Resources.Length; r++)
        {
            var path = context.Paths.InProc(_files[r]);
            // irq arrived in 6.1 and needs CONFIG_IRQ_TIME_ACCOUNTING; with PSI disabled at runtime reads fail with EOPNOTSUPP.
            if (!context.TryReadSource(path, out var text, absent: "not present on this kernel"))
            {
                continue;
            }
            var (some, full) = PressureLine.ParseFile(text);
            Write(context.Output, r, 0, some);
            Write(context.Output, r, 1, full);
        }
        return ValueTask.CompletedTask;
    }

    private void Write(RecordWriter output, int resource, int scope, PressureLine? line)
    {
        if (line is not { } p)
        {
            return;
        }
        output.Counter(StallTime, p.TotalMicroseconds / 1e6, _stallTags[resource, scope]);
        output.Gauge(Average, p.Avg10 / 100, _averageTags[resource, scope, 0]);
        output.Gauge(Average, p.Avg60 / 100, _averageTags[resource, scope, 1]);
        output.Gauge(Average, p.Avg300 / 100, _averageTags[resource, scope, 2]);
    }
}

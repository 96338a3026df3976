using Vigil.Agent.Collectors;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Pipeline;

/// <summary>Collectors that misbehave on purpose, for scheduler and watchdog tests.</summary>
public sealed class ScriptedCollector : ICollector
{
    private readonly Func<CollectionContext, CancellationToken, ValueTask> _run;

    public ScriptedCollector(string name, Func<CollectionContext, CancellationToken, ValueTask> run, bool optional = false)
    {
        Name = name;
        _run = run;
        Defaults = new CollectorDefaults(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500), optional);
    }

    public string Name { get; }
    public int Runs { get; private set; }
    public CollectorDefaults Defaults { get; }

    public CollectorSchema Schema { get; } = new()
    {
        Metrics = [MetricDescriptor.Gauge("test.value", "1", "A value.")],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        Runs++;
        return _run(context, cancellationToken);
    }

    public static ScriptedCollector Healthy(string name, bool optional = false) =>
        new(name, (c, _) =>
        {
            c.Output.Gauge("test.value", 1);
            return ValueTask.CompletedTask;
        }, optional);

    public static ScriptedCollector Throwing(string name, Exception e) => new(name, (_, _) => throw e);
}

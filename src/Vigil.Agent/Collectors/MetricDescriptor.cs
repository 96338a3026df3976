using Vigil.Protocol;

namespace Vigil.Agent.Collectors;

/// <summary>Declares one metric a collector emits: its name, unit, kind, meaning and attribute keys.</summary>
public sealed record MetricDescriptor(string Name, string Unit, MetricKind Kind, string Description, params string[] AttributeKeys)
{
    public static MetricDescriptor Gauge(string name, string unit, string description, params string[] attributes) =>
        new(name, unit, MetricKind.Gauge, description, attributes);

    public static MetricDescriptor Counter(string name, string unit, string description, params string[] attributes) =>
        new(name, unit, MetricKind.Counter, description, attributes);
}

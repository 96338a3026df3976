namespace Vigil.Agent.Collectors;

/// <summary>What a collector may emit. The pipeline refuses anything undeclared, so docs and reality agree.</summary>
public sealed record CollectorSchema
{
    public IReadOnlyList<MetricDescriptor> Metrics { get; init; } = [];
    /// <summary>Inventory kinds this collector reports as complete snapshots.</summary>
    public IReadOnlyList<string> InventoryKinds { get; init; } = [];
    public bool EmitsIdentity { get; init; }
    public bool EmitsDrift { get; init; }

    public MetricDescriptor? FindMetric(string name)
    {
        foreach (var m in Metrics)
        {
            if (m.Name == name)
            {
                return m;
            }
        }
        return null;
    }
}

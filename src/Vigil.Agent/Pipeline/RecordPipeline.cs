using Vigil.Agent.Configuration;
using Vigil.Agent.Detection;
using Vigil.Agent.Health;
using Vigil.Protocol;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// The stage between collectors and the spool: secrets are redacted from every free-text value, inventory
/// snapshots are bounded and sent only when they changed, every numeric series is watched for anomalies (whose
/// open and close records follow the metrics they were found in), and health transitions join the stream.
/// </summary>
public sealed class RecordPipeline
{
    private readonly PipelineOptions _options;
    private readonly Redactor _redactor;
    private readonly InventoryGate _gate;
    private readonly HealthTracker _health;
    private readonly AgentStatus _status;

    /// <summary>The detectors watching the metrics that pass through; null when <c>detection.enabled</c> is false.</summary>
    public AnomalyWatch? Anomalies { get; }

    public RecordPipeline(PipelineOptions options, HealthTracker health, AgentStatus status, AnomalyWatch? anomalies = null)
    {
        Anomalies = anomalies;
        _options = options;
        _redactor = new Redactor(options.RedactPatterns);
        _gate = new InventoryGate(options.InventoryRefresh);
        _health = health;
        _status = status;
    }

    /// <summary>Everything that should go into the next batch from these runs, health records last.</summary>
    public List<Record> Process(IEnumerable<CollectorRunResult> results, bool gateInventory = true)
    {
        var output = new List<Record>();
        foreach (var result in results)
        {
            foreach (var record in result.Records)
            {
                if (record is InventoryRecord inventory)
                {
                    var bounded = Bound(inventory);
                    if (!gateInventory || _gate.ShouldSend(bounded))
                    {
                        output.Add(Redact(bounded));
                    }
                }
                else
                {
                    output.Add(record);
                    if (record is MetricsRecord metrics)
                    {
                        Anomalies?.Observe(metrics, output);
                    }
                }
            }
        }
        foreach (var health in _health.Drain())
        {
            var message = _redactor.Redact(health.Message);
            output.Add(ReferenceEquals(message, health.Message) ? health : health with { Message = message });
        }
        _status.Redactions = _redactor.Redactions;
        return output;
    }

    private InventoryRecord Bound(InventoryRecord inventory)
    {
        var concern = "inventory:" + inventory.Kind;
        if (inventory.Items.Count <= _options.MaxInventoryItems)
        {
            _health.Report(inventory.Source, concern, HealthStatus.Ok, "ok", $"{inventory.Kind} within max_inventory_items");
            return inventory;
        }
        _health.Report(inventory.Source, concern, HealthStatus.Degraded, "inventory_limit",
            $"{inventory.Kind} has {inventory.Items.Count} items; kept the first {_options.MaxInventoryItems} (pipeline.max_inventory_items)");
        return inventory with { Items = inventory.Items.Take(_options.MaxInventoryItems).ToArray() };
    }

    private InventoryRecord Redact(InventoryRecord inventory)
    {
        InventoryItem[]? copy = null;
        for (var i = 0; i < inventory.Items.Count; i++)
        {
            var item = inventory.Items[i];
            Dictionary<string, string>? attrs = null;
            foreach (var (key, value) in item.Attributes)
            {
                var redacted = _redactor.Redact(value);
                if (!ReferenceEquals(redacted, value))
                {
                    attrs ??= new Dictionary<string, string>(item.Attributes, StringComparer.Ordinal);
                    attrs[key] = redacted;
                }
            }
            if (attrs is not null)
            {
                copy ??= [.. inventory.Items];
                copy[i] = item with { Attributes = attrs };
            }
        }
        return copy is null ? inventory : inventory with { Items = copy };
    }
}

using System.CommandLine;
using System.Text.Json;
using Vigil.Agent.Collectors;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Pipeline;
using Vigil.AgentHost.Output;

namespace Vigil.AgentHost.Commands;

/// <summary><c>vigil-agent collectors</c>: every collector with its interval, budget and declared schema.</summary>
public static class CollectorsCommand
{
    public static Command Build()
    {
        var config = CommonOptions.Config();
        var format = CommonOptions.Format();
        var command = new Command("collectors", "List collectors with their interval, budget and what each emits") { config, format };
        command.SetAction(parse =>
        {
            var options = ConfigLoading.Load(parse.GetValue(config));
            var descriptions = Describe(options);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(descriptions, HostJsonContext.Default.ListCollectorDescription));
                return 0;
            }
            var table = new TextTable(null, "Collector", "Enabled", "Interval", "Budget", "Emits");
            foreach (var d in descriptions)
            {
                var emits = string.Join("\n", d.Metrics.Select(m => $"{m.Name} ({m.Unit})")
                    .Concat(d.Inventory.Select(k => $"inventory: {k}"))
                    .Concat(d.Identity ? ["identity record"] : [])
                    .Concat(d.Drift ? ["drift records"] : []));
                table.AddRow(d.Name + (d.Optional ? " (optional)" : ""), d.Enabled ? "yes" : "no", d.Interval, d.Budget, emits);
            }
            table.Write(Console.Out, ConsoleStyle.Width(), ConsoleStyle.ForStandardOutput());
            return 0;
        });
        return command;
    }

    public static List<CollectorDescription> Describe(AgentOptions options) =>
        KnownCollectors.Create(options, new AgentStatus(), new SelfUsage()).Select(c =>
        {
            var settings = options.Collectors.For(c.Name);
            return new CollectorDescription(
                c.Name,
                settings.Enabled,
                ConfigUnits.FormatDuration(settings.Interval ?? c.Defaults.Interval),
                ConfigUnits.FormatDuration(settings.Budget ?? c.Defaults.Budget),
                c.Defaults.Optional,
                c.Schema.Metrics.Select(m => new MetricDescription(m.Name, m.Unit, m.Kind.ToString().ToLowerInvariant(), m.Description, m.AttributeKeys)).ToList(),
                c.Schema.InventoryKinds,
                c.Schema.EmitsIdentity,
                c.Schema.EmitsDrift);
        }).ToList();
}

public sealed record CollectorDescription(
    string Name, bool Enabled, string Interval, string Budget, bool Optional,
    List<MetricDescription> Metrics, IReadOnlyList<string> Inventory, bool Identity, bool Drift);

public sealed record MetricDescription(string Name, string Unit, string Kind, string Description, IReadOnlyList<string> Attributes);
